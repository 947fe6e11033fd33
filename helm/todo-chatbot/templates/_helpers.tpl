{{- define "todo.fullname" -}}
{{- printf "%s" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "todo.labels" -}}
app.kubernetes.io/part-of: todo-chatbot
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "todo.secretName" -}}
{{- if .Values.secrets.existingSecret -}}{{ .Values.secrets.existingSecret }}{{- else -}}{{ include "todo.fullname" . }}-secrets{{- end -}}
{{- end -}}

{{/* The entry point of each service in the image (TypeScript run by tsx, no build step). */}}
{{- define "todo.entry" -}}
{{- $entries := dict "mcpServer" "mcp-server/src/main.ts" "chatGateway" "chat-gateway/src/main.ts" "notification" "services/notification/src/main.ts" "recurrence" "services/recurrence/src/main.ts" -}}
{{- get $entries . -}}
{{- end -}}

{{- define "todo.imageName" -}}
{{- $names := dict "mcpServer" "mcp-server" "chatGateway" "chat-gateway" "notification" "notification" "recurrence" "recurrence" -}}
{{- get $names . -}}
{{- end -}}
