import { test } from "vitest";
import fs from "node:fs";
import { synthesize } from "./synth";

test("debug", async () => {
  const t0 = Date.now();
  const s = await synthesize("test");
  console.log("synth ms", Date.now() - t0, process.env.NODE_ENV);
  for (const [name, r] of Object.entries({ storage: s.storage, api: s.api, web: s.web })) {
    fs.writeFileSync(`/tmp/tpl-${name}.json`, JSON.stringify(r.template.toJSON(), null, 2));
    console.log(name, "ERRORS\n" + r.nag("error").map(x=>x.slice(0,260)).join("\n"));
    console.log(name, "WARNS\n" + r.nag("warning").map(x=>x.slice(0,260)).join("\n"));
  }
}, 120000);
