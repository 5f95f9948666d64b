{{/* Labels are one-line YAML flow mappings so they need no indentation. tests/test_deploy.py renders
     and lints the chart with Helm itself and validates every object against the Kubernetes schemas. */}}
{{- define "congttdt.fullname" -}}
{{ .Release.Name | trunc 40 | trimSuffix "-" }}
{{- end -}}

{{- define "congttdt.selector" -}}
{app.kubernetes.io/name: congttdt, app.kubernetes.io/instance: {{ .root.Release.Name }}, app.kubernetes.io/component: {{ .component }}}
{{- end -}}

{{- define "congttdt.labels" -}}
{app.kubernetes.io/name: congttdt, app.kubernetes.io/instance: {{ .root.Release.Name }}, app.kubernetes.io/component: {{ .component }}, app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}, app.kubernetes.io/managed-by: {{ .root.Release.Service }}}
{{- end -}}

{{- define "congttdt.secretName" -}}
{{ if .Values.secrets.existingSecret }}{{ .Values.secrets.existingSecret }}{{ else }}{{ include "congttdt.fullname" . }}{{ end }}
{{- end -}}

{{/* Pod spec fields shared by every process role; call as `{{- include "congttdt.podCommon" . }}`. */}}
{{- define "congttdt.podCommon" }}
      automountServiceAccountToken: false  # the processes never call the Kubernetes API
      securityContext: {{ toJson .Values.podSecurityContext }}
      imagePullSecrets: {{ toJson .Values.imagePullSecrets }}
      nodeSelector: {{ toJson .Values.nodeSelector }}
      tolerations: {{ toJson .Values.tolerations }}
      affinity: {{ toJson .Values.affinity }}
      volumes:
        - {name: tmp, emptyDir: {}}
{{- if eq .Values.media.storage "filesystem" }}
        - {name: media, persistentVolumeClaim: {claimName: {{ include "congttdt.fullname" . }}-media}}
        - {name: private, persistentVolumeClaim: {claimName: {{ include "congttdt.fullname" . }}-private}}
{{- end }}
{{- end -}}

{{/* Container fields shared by every process role (image, environment, mounts, hardening). */}}
{{- define "congttdt.containerCommon" }}
          image: {{ printf "%s:%s" .Values.image.repository .Values.image.tag | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          envFrom:
            - configMapRef: {name: {{ include "congttdt.fullname" . }}}
            - secretRef: {name: {{ include "congttdt.secretName" . }}}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
{{- if eq .Values.media.storage "filesystem" }}
            - {name: media, mountPath: /app/media}
            - {name: private, mountPath: /app/private}
{{- end }}
{{- end -}}
