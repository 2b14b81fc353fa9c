// Evaluates a flag with the real LaunchDarkly Node server SDK, reading flags from a local file (no LaunchDarkly
// service involved) and posting analytics events to Sundial, then flushes and exits.
//
// Usage: node evaluate.mjs <scenario.json>
// scenario: { "eventsUri", "sdkKey", "flagFile", "flagKey", "evaluations": [{ "context": {...}, "times": n }] }
import { readFileSync } from 'node:fs';
import { init, integrations, basicLogger } from '@launchdarkly/node-server-sdk';

const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const fileSource = new integrations.FileDataSourceFactory({ paths: [scenario.flagFile], autoUpdate: false });
const client = init(scenario.sdkKey, {
  updateProcessor: fileSource.getFactory(),
  eventsUri: scenario.eventsUri,
  sendEvents: true,
  diagnosticOptOut: false,
  flushInterval: 3600,
  logger: basicLogger({ level: 'warn', destination: (line) => console.error(line) }),
});

await client.waitForInitialization({ timeout: 10 });
const served = {};
for (const evaluation of scenario.evaluations) {
  for (let i = 0; i < (evaluation.times ?? 1); i++) {
    const detail = await client.variationDetail(scenario.flagKey, evaluation.context, false);
    const label = `${JSON.stringify(detail.value)}#${detail.variationIndex}`;
    served[label] = (served[label] ?? 0) + 1;
  }
}

await client.flush();
client.close();
console.log(JSON.stringify({ served }));
