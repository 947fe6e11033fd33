// `node scripts/k8s-schemas.mjs [out-dir]`: JSON schemas for kubeconform, made offline from the API
// definitions that Go modules ship (fetched through the Go module proxy, cached in Go's module cache):
//   Kubernetes  k8s.io/kubernetes@K8S_VERSION api/openapi-spec/v3 (the API server's OpenAPI v3)
//               → <out>/k8s/<kind>-<group's first label>-<version>.json (kubeconform's own
//               layout, template `{{ .ResourceKind }}{{ .KindSuffix }}.json`)
//   CRDs        github.com/dapr/dapr charts/dapr/crds (Component, Configuration, Resiliency, …) and
//               github.com/prometheus-operator/prometheus-operator example/prometheus-operator-crd
//               (ServiceMonitor, PodMonitor) → <out>/crds/<group>/<kind>_<version>.json
//               (template `{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`)
// Each schema is standalone (every $ref inlined) and strict: an object with declared properties
// takes no other (additionalProperties: false, unless the API marks it as keeping unknown fields),
// as kubeconform's openapi2jsonschema.py --strict makes them; optional fields may be null, as
// Kubernetes accepts. Prints the out dir (default .cache/k8s-schemas/<versions>).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

export const K8S_VERSION = "v1.34.2";
const DAPR_VERSION = "v1.16.0";
const PROMETHEUS_OPERATOR_VERSION = "v0.85.0";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.resolve(
  process.argv[2] ?? path.join(root, ".cache", "k8s-schemas", `${K8S_VERSION}-dapr${DAPR_VERSION}-po${PROMETHEUS_OPERATOR_VERSION}`),
);

/** The folder of a Go module in the module cache, downloading it through the module proxy once. */
function goModule(module, version) {
  const info = JSON.parse(
    execFileSync("go", ["mod", "download", "-json", `${module}@${version}`], { cwd: root, encoding: "utf8", maxBuffer: 16 << 20 }),
  );
  if (info.Error) throw new Error(info.Error);
  return info.Dir;
}

/** Makes `schema` strict and null-tolerant in place, below its root. */
function tighten(schema, isRoot = true) {
  if (!schema || typeof schema !== "object") return schema;
  if (Array.isArray(schema)) return schema.map((item) => tighten(item, false));
  for (const key of ["properties", "patternProperties", "definitions"])
    if (schema[key]) for (const name of Object.keys(schema[key])) schema[key][name] = tighten(schema[key][name], false);
  for (const key of ["items", "additionalProperties", "not"])
    if (schema[key] && typeof schema[key] === "object") schema[key] = tighten(schema[key], false);
  for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(schema[key])) schema[key] = schema[key].map((item) => tighten(item, false));
  if (schema.properties && schema.additionalProperties === undefined && !schema["x-kubernetes-preserve-unknown-fields"])
    schema.additionalProperties = false;
  if (!isRoot && typeof schema.type === "string") schema.type = [schema.type, "null"];
  if (schema["x-kubernetes-int-or-string"] && !schema.type && !schema.oneOf && !schema.anyOf)
    schema.oneOf = [{ type: "integer" }, { type: "string" }];
  return schema;
}

/** `schema` with every `#/components/schemas/X` inlined (a reference back into itself becomes `{}`). */
function inline(schema, all, seen = []) {
  if (!schema || typeof schema !== "object") return schema;
  if (Array.isArray(schema)) return schema.map((item) => inline(item, all, seen));
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    if (seen.includes(name)) return {};
    const { $ref: _ref, ...rest } = schema;
    return { ...inline(structuredClone(all[name] ?? {}), all, [...seen, name]), ...rest };
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) out[key] = inline(value, all, seen);
  // `allOf: [one]` (how OpenAPI v3 attaches a default to a reference) is that one.
  if (Array.isArray(out.allOf) && out.allOf.length === 1) {
    const [only] = out.allOf;
    delete out.allOf;
    return { ...only, ...out };
  }
  return out;
}

if (existsSync(outDir)) {
  // Made before from the same pinned versions.
  console.log(outDir);
  process.exit(0);
}
rmSync(`${outDir}.part`, { recursive: true, force: true });
mkdirSync(path.join(`${outDir}.part`, "k8s"), { recursive: true });
let count = 0;

const specDir = path.join(goModule("k8s.io/kubernetes", K8S_VERSION), "api", "openapi-spec", "v3");
for (const file of readdirSync(specDir)) {
  const schemas = JSON.parse(readFileSync(path.join(specDir, file), "utf8")).components?.schemas ?? {};
  for (const [name, schema] of Object.entries(schemas)) {
    for (const gvk of schema["x-kubernetes-group-version-kind"] ?? []) {
      // Only the API's own kinds (not the shared meta types every group lists).
      if (!name.startsWith("io.k8s.api.") && !name.startsWith("io.k8s.kube-aggregator") && !name.startsWith("io.k8s.apiextensions")) continue;
      const suffix = gvk.group ? `-${gvk.group.split(".")[0]}-${gvk.version}` : `-${gvk.version}`;
      const target = path.join(`${outDir}.part`, "k8s", `${gvk.kind.toLowerCase()}${suffix}.json`);
      const standalone = tighten(inline(structuredClone(schema), schemas));
      standalone.$schema = "http://json-schema.org/schema#";
      writeFileSync(target, JSON.stringify(standalone));
      count++;
    }
  }
}

const crdFiles = [
  ...readdirSync(path.join(goModule("github.com/dapr/dapr", DAPR_VERSION), "charts", "dapr", "crds")).map((f) =>
    path.join(goModule("github.com/dapr/dapr", DAPR_VERSION), "charts", "dapr", "crds", f),
  ),
  ...["servicemonitors", "podmonitors"].map((kind) =>
    path.join(
      goModule("github.com/prometheus-operator/prometheus-operator", PROMETHEUS_OPERATOR_VERSION),
      "example",
      "prometheus-operator-crd",
      `monitoring.coreos.com_${kind}.yaml`,
    ),
  ),
];
for (const file of crdFiles) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const crd = doc.toJS();
    if (crd?.kind !== "CustomResourceDefinition") continue;
    for (const version of crd.spec.versions ?? []) {
      const schema = version.schema?.openAPIV3Schema;
      if (!schema) continue;
      const dir = path.join(`${outDir}.part`, "crds", crd.spec.group);
      mkdirSync(dir, { recursive: true });
      const standalone = tighten(structuredClone(schema));
      standalone.$schema = "http://json-schema.org/schema#";
      writeFileSync(path.join(dir, `${crd.spec.names.kind.toLowerCase()}_${version.name}.json`), JSON.stringify(standalone));
      count++;
    }
  }
}

renameSync(`${outDir}.part`, outDir);
console.error(`${count} schemas in ${outDir}`);
console.log(outDir);
