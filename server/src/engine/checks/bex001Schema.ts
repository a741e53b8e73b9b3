import type { CheckDefinition, Finding } from './types';

export const bex001Schema: CheckDefinition = {
  code: 'BEX001',
  severity: 'error',
  title: 'Invalid YAML or schema violation',
  docs:
    'The file is not valid YAML, or does not follow its format (schemas/bexnet.schema.json for manifests, schemas/fwrules.schema.json for rule files; ' +
    'for probe results, *.probe.jsonl, each line must be one JSON object as schemas/probe-result.schema.json says). The message names the place, what is expected and what was found. Parts that cannot be read are left out of the other checks.',
  check: (context) => {
    const findings: Finding[] = [];
    const files = [...(context.manifest ? [context.manifest] : []), ...context.ruleFiles, ...(context.options.observed?.files ?? [])];
    for (const file of files) {
      for (const problem of file.problems) findings.push({ uri: file.uri, range: problem.range, message: problem.message });
    }
    return findings;
  },
};
