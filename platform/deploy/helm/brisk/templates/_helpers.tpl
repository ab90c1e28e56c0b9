{{/* Base name of every object: the release name, with "brisk" appended unless it already contains it. */}}
{{- define "brisk.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "brisk.controller.name" -}}{{ include "brisk.fullname" . }}-controller{{- end -}}
{{- define "brisk.invoker.name" -}}{{ include "brisk.fullname" . }}-invoker{{- end -}}
{{- define "brisk.nginx.name" -}}{{ include "brisk.fullname" . }}-nginx{{- end -}}
{{- define "brisk.couchdb.name" -}}{{ include "brisk.fullname" . }}-couchdb{{- end -}}
{{- define "brisk.kafka.name" -}}{{ include "brisk.fullname" . }}-kafka{{- end -}}
{{- define "brisk.auth.secret" -}}{{ include "brisk.fullname" . }}-auth{{- end -}}

{{/* Labels on every object; selectors use brisk.selectorLabels with a component. */}}
{{- define "brisk.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Call with (dict "ctx" $ "component" "controller"). */}}
{{- define "brisk.selectorLabels" -}}
app.kubernetes.io/name: {{ .ctx.Chart.Name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "brisk.image" -}}{{ printf "%s:%s" .repository (toString .tag) }}{{- end -}}

{{/* The invoker's container factory: whisk.invoker.containerFactory.impl, else invoker.containerFactory.impl. */}}
{{- define "brisk.containerFactory" -}}
{{- $impl := dig "invoker" "containerFactory" "impl" "" (.Values.whisk | default dict) | default .Values.invoker.containerFactory.impl | default "kubernetes" -}}
{{- if not (has $impl (list "kubernetes" "docker" "process")) -}}
{{- fail (printf "invoker.containerFactory.impl must be kubernetes, docker or process, not %q" $impl) -}}
{{- end -}}
{{- $impl -}}
{{- end -}}

{{/* The HTTPS NodePort: whisk.nginx.httpsNodePort, else nginx.httpsNodePort. */}}
{{- define "brisk.httpsNodePort" -}}
{{- dig "nginx" "httpsNodePort" "" (.Values.whisk | default dict) | default .Values.nginx.httpsNodePort | int -}}
{{- end -}}

{{/* The API host given to actions as __OW_API_HOST and printed in NOTES. */}}
{{- define "brisk.apiHost" -}}
{{- $i := .Values.whisk.ingress -}}
{{- printf "%s://%s:%v" ($i.apiHostProto | default "https") (toString $i.apiHostName) $i.apiHostPort -}}
{{- end -}}

{{- define "brisk.couchdb.url" -}}
{{- if .Values.db.external -}}
{{- if not .Values.db.host }}{{ fail "db.external=true needs db.host" }}{{ end -}}
{{- printf "%s://%s:%v" .Values.db.protocol .Values.db.host .Values.db.port -}}
{{- else -}}
{{- printf "http://%s.%s.svc:5984" (include "brisk.couchdb.name" .) .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* CouchDB's credentials: db.auth.existingSecret, else <fullname>-db (db.auth.password given), else
     <fullname>-db-generated (a password generated at install). */}}
{{- define "brisk.couchdb.secret" -}}
{{- if .Values.db.auth.existingSecret -}}
{{- .Values.db.auth.existingSecret -}}
{{- else if .Values.db.auth.password -}}
{{- printf "%s-db" (include "brisk.fullname" .) -}}
{{- else -}}
{{- printf "%s-db-generated" (include "brisk.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "brisk.kafka.bootstrap" -}}
{{- if .Values.kafka.external -}}
{{- if not .Values.kafka.bootstrapServers }}{{ fail "kafka.external=true needs kafka.bootstrapServers" }}{{ end -}}
{{- .Values.kafka.bootstrapServers -}}
{{- else -}}
{{- printf "%s.%s.svc:9092" (include "brisk.kafka.name" .) .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{/* Required node affinity to nodes labelled <nodeLabelKey>=<role>. Call with (dict "ctx" $ "role" "core"). */}}
{{- define "brisk.affinity" -}}
{{- if .ctx.Values.affinity.enabled -}}
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
        - matchExpressions:
            - key: {{ .ctx.Values.affinity.nodeLabelKey }}
              operator: In
              values:
                - {{ .role | quote }}
{{- end }}
{{- end -}}

{{/* Store and bus settings shared by controller and invokers (MicroProfile Config through the environment). */}}
{{- define "brisk.platformEnv" -}}
- name: BRISK_STORE_PROVIDER
  value: couchdb
- name: BRISK_STORE_URL
  value: {{ include "brisk.couchdb.url" . | quote }}
- name: BRISK_STORE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "brisk.couchdb.secret" . }}
      key: username
- name: BRISK_STORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "brisk.couchdb.secret" . }}
      key: password
- name: BRISK_STORE_DB_PREFIX
  value: {{ .Values.whisk.dbPrefix | quote }}
- name: BRISK_BUS_PROVIDER
  value: kafka
- name: BRISK_BUS_BOOTSTRAP_SERVERS
  value: {{ include "brisk.kafka.bootstrap" . | quote }}
- name: BRISK_BUS_TOPIC_PREFIX
  value: {{ .Values.whisk.topicPrefix | quote }}
{{- end -}}

{{/* JAVA_TOOL_OPTIONS: the component's JVM options plus Kafka client properties (-Dbrisk.bus.kafka.<p>=<v>). */}}
{{- define "brisk.javaOptions" -}}
{{- $opts := list .jvmOptions -}}
{{- range $k, $v := .ctx.Values.kafka.clientProperties -}}
{{- $opts = append $opts (printf "-Dbrisk.bus.kafka.%s=%v" $k $v) -}}
{{- end -}}
{{- join " " (compact $opts) -}}
{{- end -}}

{{- define "brisk.healthProbes" -}}
startupProbe:
  httpGet:
    path: /health/live
    port: http
  periodSeconds: 2
  failureThreshold: 90
livenessProbe:
  httpGet:
    path: /health/live
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /health/ready
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{- define "brisk.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets -}}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
