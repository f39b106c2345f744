{{/*
Name of the chart (or nameOverride), at most 63 characters (a DNS label).
*/}}
{{- define "weft.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Base name of the release's objects: fullnameOverride, else the release name when it already
contains the chart name ("weft"), else "<release>-weft".
*/}}
{{- define "weft.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Common labels (Kubernetes recommended labels).
*/}}
{{- define "weft.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "weft.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: weft
{{- end }}

{{/*
Selector labels of the agent DaemonSet (immutable once installed: keep them stable).
*/}}
{{- define "weft.selectorLabels" -}}
app.kubernetes.io/name: {{ include "weft.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: agent
{{- end }}

{{/*
ServiceAccount the agent runs as.
*/}}
{{- define "weft.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "weft.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference: repository@digest when a digest is given, else repository:tag (tag defaults
to the chart's appVersion).
*/}}
{{- define "weft.image" -}}
{{- $repo := required "image.repository is required" .Values.image.repository }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repo .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repo (default .Chart.AppVersion .Values.image.tag | toString) }}
{{- end }}
{{- end }}

{{/*
HOST:PORT the agent binds its health/metrics endpoint to (IPv6 literals in brackets).
*/}}
{{- define "weft.healthListen" -}}
{{- $addr := toString .Values.health.bindAddress }}
{{- if contains ":" $addr }}
{{- printf "[%s]:%d" $addr (int .Values.health.port) }}
{{- else }}
{{- printf "%s:%d" $addr (int .Values.health.port) }}
{{- end }}
{{- end }}

{{/*
Host the kubelet's httpGet probes call. The Pod shares the node's network namespace, so a loopback
or wildcard bind is reached on loopback (the kubelet's default host, the node IP, would miss a
127.0.0.1 bind); a specific address is called as it is.
*/}}
{{- define "weft.probeHost" -}}
{{- $addr := toString .Values.health.bindAddress }}
{{- if or (eq $addr "0.0.0.0") (eq $addr "") (hasPrefix "127." $addr) }}127.0.0.1
{{- else if or (eq $addr "::") (eq $addr "::1") }}::1
{{- else }}{{ $addr }}
{{- end }}
{{- end }}

{{/*
The CNI network configuration: helm/weft/files/10-weft.conflist (the file the lab uses too) with
the chart's MTU.
*/}}
{{- define "weft.conflist" -}}
{{- $conf := .Files.Get "files/10-weft.conflist" | fromJson }}
{{- $mtu := int .Values.mtu }}
{{- if or (lt $mtu 68) (gt $mtu 65535) }}
{{- fail (printf "mtu must be 68-65535, got %d" $mtu) }}
{{- end }}
{{- range $conf.plugins }}
{{- if eq .type "weft" }}
{{- $_ := set . "mtu" $mtu }}
{{- end }}
{{- end }}
{{- toPrettyJson $conf }}
{{- end }}
