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
{{- $entries := dict "mcpServer" "mcp-server/dist/main.js" "chatGateway" "chat-gateway/dist/main.js" "notification" "services/notification/dist/main.js" "recurrence" "services/recurrence/dist/main.js" -}}
{{- get $entries . -}}
{{- end -}}

{{- define "todo.imageName" -}}
{{- $names := dict "mcpServer" "mcp-server" "chatGateway" "chat-gateway" "notification" "notification" "recurrence" "recurrence" -}}
{{- get $names . -}}
{{- end -}}
