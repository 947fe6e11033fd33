# The four service images, one target each, built from the repository root:
#   docker build --target mcp-server -t todo/mcp-server .      (also chat-gateway, recurrence, notification)
#   npm run images                                               (all four, with sizes)
# One Dockerfile rather than four: the build stage (npm ci + compiling all four services) is shared,
# so building all four installs once, and the runtime stage is written once.
#
# NODE_IMAGE is the runtime base (any image with Node 20 and /bin/sh); BUILD_IMAGE the build stage's
# (Node 20 with npm; by default the same). Machines that reach no image registry pass bases made
# from Debian packages (scripts/containers/local-base.sh does, through npm run images).
ARG NODE_IMAGE=node:20-bookworm-slim
ARG BUILD_IMAGE=${NODE_IMAGE}

# Every package.json of the repository and the lockfile, alone: the install below is then cached
# until one of them changes, whatever else does.
FROM ${BUILD_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | tar -cf /manifests.tar -T - && rm -rf /src/*

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY --from=manifests /manifests.tar /tmp/
RUN tar -xf /tmp/manifests.tar && rm /tmp/manifests.tar \
    && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY . .
# The Prisma client (offline), the embedded database template and the web page (web/dist), then each service compiled with
# its npm packages into one file and laid out under /out/<service> (scripts/image-app.mjs).
RUN node prisma/scripts/generate.mjs \
    && node scripts/build-web.mjs \
    && node scripts/image-app.mjs mcp-server /out/mcp-server \
    && node scripts/image-app.mjs chat-gateway /out/chat-gateway \
    && node scripts/image-app.mjs services/recurrence /out/recurrence \
    && node scripts/image-app.mjs services/notification /out/notification

# What every service image shares: plain node as an unprivileged user (uid 10001, no login), in
# production mode, listening on all interfaces, answering the HEALTHCHECK at /healthz.
FROM ${NODE_IMAGE} AS runtime
RUN mkdir -p /data && chown 10001:10001 /data
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
USER 10001:10001
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

FROM runtime AS mcp-server
# The embedded database's folder when no DATABASE_URL is given: writable by the service's user.
ENV PORT=3000 TODO_DATA_DIR=/data
COPY --from=build /out/mcp-server /app
EXPOSE 3000
CMD ["node", "mcp-server/dist/main.js"]

FROM runtime AS chat-gateway
ENV PORT=3001
COPY --from=build /out/chat-gateway /app
EXPOSE 3001
CMD ["node", "chat-gateway/dist/main.js"]

FROM runtime AS recurrence
ENV PORT=3002
COPY --from=build /out/recurrence /app
EXPOSE 3002
CMD ["node", "services/recurrence/dist/main.js"]

FROM runtime AS notification
ENV PORT=3003
COPY --from=build /out/notification /app
EXPOSE 3003
CMD ["node", "services/notification/dist/main.js"]
