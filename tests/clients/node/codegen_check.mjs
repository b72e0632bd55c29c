// GraphQL Code Generator (typescript + typescript-operations) over SCHEMA_FILE and the
// documents in DOCUMENTS_DIR, written to OUT_DIR/graphql.ts, then `tsc --strict --noEmit` over
// it and OUT_DIR/usage.ts (which names every operation's result and variables types, listed in
// OPERATIONS as JSON [[name, kind]]). Prints what was generated and tsc's verdict as JSON.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { generate } from "@graphql-codegen/cli";

const outDir = process.env.OUT_DIR;
const generatedFile = join(outDir, "graphql.ts");
const files = await generate(
  {
    schema: process.env.SCHEMA_FILE,
    documents: join(process.env.DOCUMENTS_DIR, "*.graphql"),
    generates: { [generatedFile]: { plugins: ["typescript", "typescript-operations"] } },
    // how a frontend maps the custom scalars (both arrive as JSON strings); strict, so that a
    // new scalar without a mapping fails here instead of becoming `any`
    config: { strictScalars: true, scalars: { DateTime: "string", Decimal: "string", JSON: "unknown" } },
    silent: true,
  },
  true,
);

const suffix = { query: "Query", mutation: "Mutation", subscription: "Subscription" };
const names = JSON.parse(process.env.OPERATIONS).map(([name, kind]) => name + suffix[kind]);
const usage = [
  `import type { ${names.flatMap((name) => [name, name + "Variables"]).join(", ")} } from "./graphql";`,
  ...names.map((name) => `export type ${name}Pair = [${name}, ${name}Variables];`),
].join("\n");
writeFileSync(join(outDir, "usage.ts"), usage + "\n");

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(
  process.execPath,
  [tsc, "--strict", "--noEmit", "--target", "es2022", "--module", "nodenext",
   "--skipLibCheck", generatedFile, join(outDir, "usage.ts")],
  { encoding: "utf8" },
);
process.stdout.write(
  JSON.stringify({
    generated: files.map((file) => file.filename),
    operationTypes: names,
    tscStatus: compiled.status,
    tscOutput: compiled.stdout + compiled.stderr,
  }),
);
