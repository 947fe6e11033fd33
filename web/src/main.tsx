// Entry: React, TanStack Query (server data: caching, refetch on live updates, optimistic changes with
// rollback), the toasts and the app's confirm dialog around the page.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App } from "./app.tsx";
import { ToastProvider } from "./toasts.tsx";
import { ConfirmProvider } from "./confirm-dialog.tsx";
import "./styles.css";

const client = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: true, retry: 1 } } });
const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <ToastProvider>
          <ConfirmProvider>
            <App />
          </ConfirmProvider>
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
