#!/usr/bin/env node
/**
 * Static checks of deploy/ for machines without a Docker engine or a Kubernetes cluster:
 *   node deploy/tools/check.js
 * - docker-compose.yml parses (merge keys included); depends_on, volumes, networks and bind
 *   mounts resolve; each documented profile combination is self-contained;
 * - every variant under k8s/ renders with `kubectl kustomize` (skipped if kubectl is missing);
 *   selectors match pod labels, probes and Services name declared ports, volume mounts and
 *   ConfigMap/Secret references resolve, pods meet the basics of the restricted profile;
 * - the Dockerfile's COPY sources exist and the commands it documents exist in dist/ (after
 *   `npm run build`).
 * It does not replace `docker compose config`, `docker build` or a server-side dry run.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const jsyaml = require('js-yaml');
// YAML 1.2 core schema plus merge keys (`<<: *anchor`), as compose reads it; js-yaml 4 merges by default
const schema = typeof jsyaml.CORE_SCHEMA?.withTags === 'function' && jsyaml.mergeTag ? jsyaml.CORE_SCHEMA.withTags([jsyaml.mergeTag]) : undefined;
const yaml = { load: (t) => jsyaml.load(t, schema ? { schema } : undefined), loadAll: (t) => jsyaml.loadAll(t, schema ? { schema } : undefined) };

const DEPLOY = path.resolve(__dirname, '..');
const ROOT = path.resolve(DEPLOY, '..');
const problems = [];
const ok = [];
const fail = (m) => problems.push(m);

// ---------------------------------------------------------------- compose
const compose = yaml.load(fs.readFileSync(path.join(DEPLOY, 'docker-compose.yml'), 'utf8'));
const services = compose.services;
const COMBOS = [['embedded'], ['embedded', 'embedded-relay'], ['cluster']];
const active = (svc, profiles) => !svc.profiles || svc.profiles.some((p) => profiles.includes(p));
for (const [name, svc] of Object.entries(services)) {
  if (!svc.image) fail(`compose: ${name} has no image`);
  const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
  for (const d of deps) if (!services[d]) fail(`compose: ${name} depends on unknown service ${d}`);
  for (const v of svc.volumes ?? []) {
    const src = String(v).split(':')[0];
    if (src.startsWith('.')) {
      if (!fs.existsSync(path.resolve(DEPLOY, src))) fail(`compose: ${name} mounts missing file ${src}`);
    } else if (!(compose.volumes ?? {})[src]) fail(`compose: ${name} uses undeclared volume ${src}`);
  }
  for (const n of Object.keys(Array.isArray(svc.networks) ? {} : (svc.networks ?? {})))
    if (!(compose.networks ?? {})[n]) fail(`compose: ${name} uses undeclared network ${n}`);
  if (svc.build) {
    const ctx = path.resolve(DEPLOY, svc.build.context);
    if (!fs.existsSync(path.join(ctx, svc.build.dockerfile))) fail(`compose: ${name} builds from missing ${svc.build.dockerfile}`);
  }
  for (const [k, v] of Object.entries(svc.environment ?? {}))
    if (typeof v === 'object' && v !== null) fail(`compose: ${name} env ${k} is not a scalar`);
  if (svc.command && svc.command[0] === 'require-setting' && !svc.command.includes('--')) fail(`compose: ${name} guard without --`);
}
for (const combo of COMBOS) {
  const on = Object.entries(services).filter(([, s]) => active(s, combo));
  for (const [name, svc] of on) {
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    for (const d of deps) if (services[d] && !active(services[d], combo)) fail(`compose: with --profile ${combo.join(' --profile ')}, ${name} depends on inactive ${d}`);
  }
  const ports = on.flatMap(([, s]) => (s.ports ?? []).map((p) => String(p).split(':').slice(0, -1).join(':')));
  const dup = ports.filter((p, i) => ports.indexOf(p) !== i);
  if (dup.length) fail(`compose: profiles ${combo} publish the same host port twice: ${dup}`);
  ok.push(`compose profiles [${combo}]: ${on.map(([n]) => n).join(', ')}`);
}

// ---------------------------------------------------------------- kubernetes
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const secretTemplates = ['k8s/secret.example.yaml', 'k8s/clustered/endpoints.example.yaml'].map((f) => yaml.load(fs.readFileSync(path.join(DEPLOY, f), 'utf8')));
if (kubectl.status !== 0) {
  ok.push('k8s: kubectl not found, manifests not rendered');
} else {
  for (const variant of ['embedded', 'embedded-relay', 'clustered']) {
    const r = spawnSync('kubectl', ['kustomize', path.join(DEPLOY, 'k8s', variant)], { encoding: 'utf8' });
    if (r.status !== 0) {
      fail(`k8s/${variant}: kustomize failed: ${r.stderr}`);
      continue;
    }
    const docs = yaml.loadAll(r.stdout).filter(Boolean).concat(secretTemplates);
    const byKind = (k) => docs.filter((d) => d.kind === k);
    const configMaps = new Map(byKind('ConfigMap').map((d) => [d.metadata.name, d]));
    const secrets = new Map(byKind('Secret').map((d) => [d.metadata.name, d]));
    const pvcs = new Set(byKind('PersistentVolumeClaim').map((d) => d.metadata.name));
    const workloads = docs.filter((d) => ['Deployment', 'StatefulSet'].includes(d.kind));
    for (const d of docs) if (d.kind !== 'Namespace' && d.metadata.namespace !== 'benefit-ledger') fail(`k8s/${variant}: ${d.kind}/${d.metadata.name} outside the namespace`);
    for (const w of workloads) {
      const id = `k8s/${variant}: ${w.kind}/${w.metadata.name}`;
      const labels = w.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(w.spec.selector.matchLabels)) if (labels[k] !== v) fail(`${id}: selector ${k} does not match the pod`);
      const pod = w.spec.template.spec;
      const vols = new Set([...(pod.volumes ?? []).map((v) => v.name), ...(w.spec.volumeClaimTemplates ?? []).map((v) => v.metadata.name)]);
      for (const v of pod.volumes ?? []) if (v.persistentVolumeClaim && !pvcs.has(v.persistentVolumeClaim.claimName)) fail(`${id}: missing PVC ${v.persistentVolumeClaim.claimName}`);
      if (!pod.securityContext?.runAsNonRoot || pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') fail(`${id}: pod securityContext is not restricted`);
      if (w.kind === 'StatefulSet' && !docs.some((s) => s.kind === 'Service' && s.metadata.name === w.spec.serviceName)) fail(`${id}: no Service ${w.spec.serviceName}`);
      for (const c of pod.containers) {
        const cid = `${id} container ${c.name}`;
        if (!c.image || !c.image.includes(':')) fail(`${cid}: image without tag (${c.image})`);
        const sc = c.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false || !(sc.capabilities?.drop ?? []).includes('ALL')) fail(`${cid}: not restricted`);
        const portNames = new Set((c.ports ?? []).map((p) => p.name));
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          const p = c[probe];
          if (p && p.httpGet && !portNames.has(p.httpGet.port)) fail(`${cid}: ${probe} names unknown port ${p.httpGet.port}`);
          if (p && p.httpGet && p.httpGet.path !== '/health') fail(`${cid}: ${probe} not on /health`);
        }
        for (const m of c.volumeMounts ?? []) if (!vols.has(m.name)) fail(`${cid}: mounts undeclared volume ${m.name}`);
        for (const e of c.envFrom ?? []) {
          if (e.configMapRef && !configMaps.has(e.configMapRef.name)) fail(`${cid}: missing ConfigMap ${e.configMapRef.name}`);
          if (e.secretRef && !secrets.has(e.secretRef.name)) fail(`${cid}: missing Secret template ${e.secretRef.name}`);
        }
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (ref && !(secrets.get(ref.name)?.stringData ?? {})[ref.key]) fail(`${cid}: secret key ${ref.name}/${ref.key} not in a template`);
        }
        if (c.command?.[0] === 'node' && !fs.existsSync(path.join(ROOT, c.command[1]))) fail(`${cid}: ${c.command[1]} not in dist (run npm run build)`);
      }
    }
    for (const s of byKind('Service')) {
      const target = workloads.find((w) => Object.entries(s.spec.selector).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
      if (!target) fail(`k8s/${variant}: Service ${s.metadata.name} selects no workload`);
      else for (const p of s.spec.ports) if (typeof p.targetPort === 'string' && !target.spec.template.spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort))) fail(`k8s/${variant}: Service ${s.metadata.name} targets unknown port ${p.targetPort}`);
    }
    for (const p of byKind('PodDisruptionBudget'))
      if (!workloads.some((w) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => w.spec.template.metadata.labels[k] === v))) fail(`k8s/${variant}: PDB ${p.metadata.name} selects nothing`);
    ok.push(`k8s/${variant}: ${docs.length - secretTemplates.length} objects rendered (${[...new Set(docs.map((d) => d.kind))].join(', ')})`);
  }
}

// ---------------------------------------------------------------- Dockerfile
const dockerfile = fs.readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8');
for (const m of dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm))
  for (const src of m[1].split(/\s+/)) if (!fs.existsSync(path.join(ROOT, src))) fail(`Dockerfile: COPY source ${src} missing`);
for (const js of ['dist/apps/api/src/main.js', 'dist/apps/relay/src/main.js', 'dist/apps/cli/src/main.js'])
  if (!fs.existsSync(path.join(ROOT, js))) fail(`${js} missing (run npm run build first)`);
ok.push('Dockerfile: COPY sources and documented commands present');

for (const line of ok) console.log(`ok   ${line}`);
for (const line of problems) console.log(`FAIL ${line}`);
process.exitCode = problems.length ? 1 : 0;
