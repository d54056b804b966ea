import { startApp, registerBody, claimBody, register } from '../support/e2e';
it('smoke', async () => {
  const t = await startApp();
  try {
    const p = await register(t);
    const r1 = await t.http().post('/v1/claims').send(claimBody(p.personId));
    console.log(r1.status, JSON.stringify(r1.body, null, 1));
    const bad = await t.http().post('/v1/persons').set('content-type', 'application/json').send('{"a":');
    console.log(bad.status, bad.headers['content-type'], bad.text);
    const d = await t.http().get('/docs');
    console.log(d.status, d.headers['content-type']);
    const j = await t.http().get('/docs/openapi.json');
    console.log(j.status, j.headers['content-type'], Object.keys(j.body.paths ?? {}));
    const j2 = await t.http().get('/docs-json');
    console.log(j2.status);
    const ev = await t.http().get('/v1/events');
    console.log(JSON.stringify(ev.body.map((e: any) => [e.position, e.streamId, e.type])));
    const pr = await t.http().get('/v1/persons/' + p.personId);
    console.log(JSON.stringify(pr.body));
    const c = await t.http().get('/v1/persons/' + p.personId + '/counters?year=2023');
    console.log(JSON.stringify(c.body));
    const n = await t.http().get('/nonexistent');
    console.log(n.status, n.headers['content-type'], n.text);
  } finally { await t.close(); }
});
