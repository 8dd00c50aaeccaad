import { freshActivationCodes } from '../test-data';

/**
 * A tenant writing 100,000-code pools back to back (`node … bulk-writer.ts <origin> <token> <creates>`):
 * the bodies are built first, then "ready" is printed and they go one after the other; "done" follows.
 * A process of its own, so that building and sending 15 MB bodies never delays the harness's probe.
 */
async function main(): Promise<void> {
  const [origin, token, creates] = process.argv.slice(2);
  const bodies = Array.from({ length: Number(creates) }, (_, index) =>
    JSON.stringify({ displayName: `Bulk writer ${index}`, activationCodes: freshActivationCodes(100_000) }),
  );
  console.log('ready');
  let failed = 0;
  for (const body of bodies) {
    const response = await fetch(`${origin}/beta/deviceManagement/embeddedSIMActivationCodePools`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 201) failed++;
  }
  console.log(`done ${failed}`);
}

void main();
