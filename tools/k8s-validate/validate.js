#!/usr/bin/env node
// Validates every object of the given multi-document YAML files against the
// Kubernetes API schema of its apiVersion and kind (kubernetes-models). Prints
// one line per object; exits 1 when any object is invalid or of a kind it
// cannot check, so a new kind in the export cannot slip through unchecked.
"use strict";
const fs = require("fs");
const YAML = require("yaml");

function modelOf(apiVersion, kind) {
  // "v1" -> kubernetes-models/v1/Kind; "apps/v1" -> kubernetes-models/apps/v1/Kind
  const path = `kubernetes-models/${apiVersion}/${kind}`;
  try {
    return require(path)[kind];
  } catch (e) {
    return undefined;
  }
}

let failures = 0;
for (const file of process.argv.slice(2)) {
  const documents = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
  for (const document of documents) {
    if (document.errors.length) {
      console.log(`${file}: not YAML: ${document.errors[0].message}`);
      failures++;
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    const where = `${file}: ${object.apiVersion} ${object.kind} ${object.metadata && object.metadata.name}`;
    const Model = modelOf(object.apiVersion, object.kind);
    if (!Model) {
      console.log(`${where}: no schema for this apiVersion and kind`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`${where}: valid`);
    } catch (e) {
      console.log(`${where}: INVALID: ${e.message}`);
      failures++;
    }
  }
}
process.exit(failures ? 1 : 0);
