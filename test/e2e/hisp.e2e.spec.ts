/**
 * The national platform's messages (API.md "National platform messages", issue 14): a full
 * outpatient flow (2201 → 2204 → 2206 → 2207 → 2208, a re-settlement after the cancellation) and
 * a full inpatient flow (2401 → 2301 → 2303 → 2304 → 2305, re-settled) per region, with 1101 and
 * a 3201 that disagrees, then agrees. Every settlement's setlinfo is held to the ClaimView of
 * GET /v1/claims/{setl_id}: the same adjudication, one mapping.
 */
import { Role } from '@benefit/runtime';
import { COUNTY_OF, TEST_ADMIN_TOKEN, TestApp, chinaDate, expectProblem, issueToken, putParameter, register, registerBody, residentBody, startApp, tagStatus } from '../support/e2e';
import { domainHead } from '../support/domain-log';

jest.setTimeout(120_000);

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
  await putParameter(t, 'yancheng.per_capita_disposable_income', 5_000_000, '2023-01-01', '2022 盐城市城乡居民人均可支配收入 (test figure)');
  await putParameter(t, 'yancheng.minimum_living_standard_annual', 960_000, '2023-01-01', '2023 盐城市城乡低保年标准 (test figure)');
  for (const [code, catalogClass] of [['XA01', 'A'], ['XB02', 'B'], ['001201000010000', 'A']] as const) {
    await t.http().put(`/v1/catalog/${code}`).send({ name: `目录 ${code}`, catalogClass, effectiveFrom: '2023-01-01' }).expect(201);
  }
});
afterAll(async () => {
  await t?.close();
});

const token = async (institutionId: string, roles: Role[] = ['hospital']) => (await issueToken(t, roles, `his-${institutionId}`, { institutionId })).token;
let seq = 0;
const send = (tok: string, infno: string, fixmedins: string, input: Record<string, unknown>) =>
  t.as(tok).post(`/hisp/${infno}`).send({ infno, msgid: `${fixmedins}-${++seq}`, fixmedins_code: fixmedins, insuplc_admdvs: '000000', opter: 'op-1', inf_time: '2023-03-05 09:00:00', input });
const ok = async (tok: string, infno: string, fixmedins: string, input: Record<string, unknown>) => {
  const res = await send(tok, infno, fixmedins, input);
  expect(res.status).toBe(200);
  if (res.body.infcode !== 0) throw new Error(`${infno} refused: ${res.body.err_msg}`);
  expect(res.body.inf_refmsgid).toBe(`${fixmedins}-${seq}`);
  return res.body.output;
};
const refusal = async (tok: string, infno: string, fixmedins: string, input: Record<string, unknown>, about: RegExp) => {
  const before = await domainHead(t);
  const res = await send(tok, infno, fixmedins, input);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ infcode: -1, output: null });
  expect(res.body.err_msg).toMatch(about);
  expect(await domainHead(t)).toBe(before); // a refusal records nothing
  return res.body.err_msg as string;
};

const fen = (yuan: number) => Math.round(yuan * 100);
const FUNDS = ['basic_pooling', 'critical_illness', 'large_amount_subsidy', 'civil_servant_subsidy', 'medical_assistance', 'disability_relief', 'fiscal_backstop', 'poverty_insurance'];

/** setlinfo against the ClaimView: every field from the shares, and conservation. */
function expectSetlinfoOf(setlinfo: Record<string, number | string>, view: { totalFen: number; policyScopeFen: number; shares: Record<string, number> }, sign = 1) {
  const s = view.shares;
  const y = (n: number) => (n === 0 ? 0 : (sign * n) / 100);
  expect(setlinfo).toMatchObject({
    medfee_sumamt: y(view.totalFen),
    inscp_scp_amt: y(view.policyScopeFen),
    fulamt_ownpay_amt: y(view.totalFen - view.policyScopeFen),
    hifp_pay: y(s.basic_pooling),
    hifmi_pay: y(s.critical_illness),
    hifob_pay: y(s.large_amount_subsidy),
    cvlserv_pay: y(s.civil_servant_subsidy),
    maf_pay: y(s.medical_assistance),
    oth_pay: y(s.disability_relief + s.fiscal_backstop + s.poverty_insurance),
    fund_pay_sumamt: y(FUNDS.reduce((n, p) => n + s[p], 0)),
    acct_pay: y(s.personal_account),
    psn_cash_pay: y(s.self_pay),
    psn_part_amt: y(s.personal_account + s.self_pay),
    hosp_part_amt: y(s.hospital_borne),
  });
  const n = (k: string) => fen(setlinfo[k] as number);
  expect(n('medfee_sumamt')).toBe(n('fund_pay_sumamt') + n('psn_part_amt') + n('hosp_part_amt'));
}

interface RegionCase {
  region: keyof typeof COUNTY_OF;
  person: () => Record<string, unknown> & { personId: string; idNumber: string };
  statuses?: string[];
  /** Upstream amounts where this engine has no basic-insurance rules for the care (priorPayments). */
  priorOutpatient?: Record<string, number>;
  priorInpatient?: Record<string, number>;
}

const CASES: RegionCase[] = [
  { region: 'nanchong', person: () => registerBody({ openingPersonalAccountFen: 20000 }), priorInpatient: { hifp_pay: 300 } },
  { region: 'yancheng', person: () => residentBody('yancheng'), statuses: ['minimum_living'] },
  { region: 'jingjiang', person: () => residentBody('jingjiang'), statuses: ['minimum_living'], priorOutpatient: { hifp_pay: 200 }, priorInpatient: { hifp_pay: 400, maf_pay: 50 } },
  { region: 'shanting', person: () => residentBody('shanting'), statuses: ['severe_mental_disorder'] },
];

describe.each(CASES)('$region: the national platform messages', (c) => {
  const H = `H${c.region.toUpperCase()}${process.pid}`;
  let tok: string;
  let personId: string;
  let idNumber: string;
  beforeAll(async () => {
    await t.http().put(`/v1/institutions/${H}`).send({ name: `${c.region} 县人民医院`, level: 'tier2', designated: true, countyCode: COUNTY_OF[c.region] }).expect(201);
    tok = await token(H);
    const p = await register(t, c.person() as never);
    personId = p.personId;
    idNumber = p.idNumber;
    for (const s of c.statuses ?? []) await tagStatus(t, personId, s, s === 'severe_mental_disorder' ? { diagnosis: 'schizophrenia', riskLevel: 1 } : {});
  });

  it('1101 finds the person by resident id: psn_no, the name, the id masked, the account balance', async () => {
    const out = await ok(tok, '1101', H, { data: { mdtrt_cert_type: '02', mdtrt_cert_no: idNumber } });
    expect(out.baseinfo).toMatchObject({ psn_no: personId, psn_name: '张三', certno: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}` });
    expect(JSON.stringify(out)).not.toContain(idNumber);
    expect(out.insuinfo[0].balc).toBe(c.region === 'nanchong' ? 200 : 0);
  });

  it('outpatient: 2201 → 2204 (re-upload replaces by feedetl_sn) → 2206 → 2207 (again: the same) → 2208 → re-settled as a new visit', async () => {
    const reg = await ok(tok, '2201', H, { data: { psn_no: personId, begntime: '2023-03-05 09:30:00', ipt_otp_no: 'OP0001' } });
    expect(reg.data).toEqual({ mdtrt_id: `${H}:OP0001`, psn_no: personId, ipt_otp_no: 'OP0001' });
    const mdtrtId = reg.data.mdtrt_id;
    const row = (sn: string, code: string, amount: number | string) => ({ feedetl_sn: sn, mdtrt_id: mdtrtId, psn_no: personId, med_list_codg: code, det_item_fee_sumamt: amount, cnt: 1, pric: amount, fee_ocur_time: '2023-03-05 10:00:00' });
    const up = await ok(tok, '2204', H, { feedetail: [row('1', 'XA01', 300), row('2', 'XB02', '150.5'), row('3', 'ZUNLISTED9', 49.5)] });
    expect(up.result).toEqual([
      { feedetl_sn: '1', det_item_fee_sumamt: 300, chrgitm_lv: '01', fulamt_ownpay_amt: 0, inscp_scp_amt: 300 },
      { feedetl_sn: '2', det_item_fee_sumamt: 150.5, chrgitm_lv: '02', fulamt_ownpay_amt: 0, inscp_scp_amt: 150.5 },
      { feedetl_sn: '3', det_item_fee_sumamt: 49.5, chrgitm_lv: '03', fulamt_ownpay_amt: 49.5, inscp_scp_amt: 0 },
    ]);
    await ok(tok, '2204', H, { feedetail: [row('2', 'XB02', 150)] }); // row 2 corrected: 300 + 150 + 49.50 = 499.50
    await refusal(tok, '2204', H, { feedetail: [row('4', 'XA01', '1.005')] }, /det_item_fee_sumamt.*more than two decimals/);
    await refusal(tok, '2204', H, { feedetail: [row('4', 'XA01', 1.005)] }, /more than two decimals/);

    const data = { psn_no: personId, mdtrt_id: mdtrtId, med_type: '11', acct_used_flag: '1', ...(c.priorOutpatient ? { prior_setl: c.priorOutpatient } : {}) };
    await refusal(tok, '2206', H, { data: { ...data, medfee_sumamt: 500 } }, /medfee_sumamt.*499\.50/);
    await refusal(tok, '2207', H, { data: { ...data, medfee_sumamt: 500 } }, /medfee_sumamt/);
    const preview = await ok(tok, '2206', H, { data: { ...data, medfee_sumamt: '499.50' } });
    const settled = await ok(tok, '2207', H, { data: { ...data, medfee_sumamt: 499.5 } });
    expect(settled.setlinfo).toEqual({ ...preview.setlinfo });
    expect(settled.setlinfo).toMatchObject({ setl_id: mdtrtId, mdtrt_id: mdtrtId, psn_no: personId, medfee_sumamt: 499.5, inscp_scp_amt: 450, fulamt_ownpay_amt: 49.5 });
    const view = (await t.http().get(`/v1/claims/${encodeURIComponent(mdtrtId)}`).expect(200)).body;
    expect(view.institutionId).toBe(H);
    expectSetlinfoOf(settled.setlinfo, view);
    // one setldetail row per fund with money, its explanation lines with their citations
    const funds = FUNDS.concat('hospital_borne').filter((p) => view.shares[p] > 0);
    expect(settled.setldetail.map((d: { fund_payamt: number }) => fen(d.fund_payamt))).toEqual(funds.map((p) => view.shares[p]));
    for (const d of settled.setldetail) expect(d.setl_proc_info).toMatch(/\[.+\]/);
    if (c.region === 'nanchong') {
      // 南府办发〔2022〕33号 art. 7(1): 450 in scope, 200 deductible, (450 − 200) × 60% = 150 pooling; the account pays the rest it can (200)
      expect(settled.setlinfo).toMatchObject({ act_pay_dedc: 200, hifp_pay: 150, fund_pay_sumamt: 150, acct_pay: 200, psn_cash_pay: 149.5, balc: 0 });
      expect(settled.setldetail[0]).toMatchObject({ fund_pay_type: '310100', fund_payamt: 150 });
    }
    // the same 2207 again answers the recorded settlement and records nothing
    const before = await domainHead(t);
    expect((await ok(tok, '2207', H, { data: { ...data, medfee_sumamt: 499.5 } })).setlinfo).toEqual(settled.setlinfo);
    expect(await domainHead(t)).toBe(before);
    await refusal(tok, '2204', H, { feedetail: [row('9', 'XA01', 1)] }, /settled/);

    const cancelled = await ok(tok, '2208', H, { data: { setl_id: mdtrtId, mdtrt_id: mdtrtId, psn_no: personId } });
    expectSetlinfoOf(cancelled.setlinfo, view, -1);
    expect((await t.http().get(`/v1/claims/${encodeURIComponent(mdtrtId)}`).expect(200)).body.status).toBe('cancelled');
    expect((await ok(tok, '2208', H, { data: { setl_id: mdtrtId, mdtrt_id: mdtrtId, psn_no: personId } })).setlinfo).toEqual(cancelled.setlinfo);
    await refusal(tok, '2207', H, { data: { ...data, medfee_sumamt: 499.5 } }, /cancelled.*new visit/);

    // re-settlement after the cancellation: the number registered again opens the next visit, and every counter was given back
    const again = await ok(tok, '2201', H, { data: { psn_no: personId, begntime: '2023-03-05 09:30:00', ipt_otp_no: 'OP0001' } });
    expect(again.data.mdtrt_id).toBe(`${H}:OP0001:2`);
    await ok(tok, '2204', H, { feedetail: [row('1', 'XA01', 300), row('2', 'XB02', 150), row('3', 'ZUNLISTED9', 49.5)].map((r) => ({ ...r, mdtrt_id: again.data.mdtrt_id })) });
    const resettled = await ok(tok, '2207', H, { data: { ...data, mdtrt_id: again.data.mdtrt_id, medfee_sumamt: 499.5 } });
    const { setl_id: _s, mdtrt_id: _m, ...amounts } = settled.setlinfo;
    expect(resettled.setlinfo).toEqual({ ...amounts, setl_id: again.data.mdtrt_id, mdtrt_id: again.data.mdtrt_id });

    // 3201: the day's totals — one settlement left (499.50); the hospital's count is off by one
    const today = chinaDate(0);
    const stmt = { setl_optins: COUNTY_OF[c.region], stmt_begndate: today, stmt_enddate: today, medfee_sumamt: 499.5, fund_pay_sumamt: resettled.setlinfo.fund_pay_sumamt, acct_pay: resettled.setlinfo.acct_pay };
    const differs = await ok(tok, '3201', H, { data: { ...stmt, fixmedins_setl_cnt: 2 } });
    expect(differs.result).toMatchObject({ stmt_rslt: '1', fixmedins_setl_cnt: 1 });
    expect(differs.result.stmt_rslt_dscr).toMatch(/fixmedins_setl_cnt: ours 1, theirs 2/);
    const off = await ok(tok, '3201', H, { data: { ...stmt, medfee_sumamt: 499.51, fixmedins_setl_cnt: 1 } });
    expect(off.result.stmt_rslt_dscr).toMatch(/medfee_sumamt: ours 499\.50, theirs 499\.51/);
    expect((await ok(tok, '3201', H, { data: { ...stmt, fixmedins_setl_cnt: 1 } })).result.stmt_rslt).toBe('0');
  });

  it('inpatient: 2401 → 2301 → 2303 → 2304 → 2305 → re-admitted under the same number and settled again', async () => {
    const adm = await ok(tok, '2401', H, { data: { psn_no: personId, begntime: '2023-04-01 08:00:00', endtime: '2023-04-08 10:00:00', ipt_otp_no: 'IP0001' } });
    const mdtrtId = adm.data.mdtrt_id;
    const rows = (id: string) => [
      { feedetl_sn: 'A1', mdtrt_id: id, psn_no: personId, med_list_codg: '001201000010000', det_item_fee_sumamt: 800, fee_ocur_time: '2023-04-02 09:00:00' },
      { feedetl_sn: 'A2', mdtrt_id: id, psn_no: personId, med_list_codg: 'XB02', det_item_fee_sumamt: '200.00', fee_ocur_time: '2023-04-03 09:00:00' },
      { feedetl_sn: 'A3', mdtrt_id: id, psn_no: personId, med_list_codg: 'C0101UNLISTED', det_item_fee_sumamt: 100, fee_ocur_time: '2023-04-03 09:00:00' },
    ];
    await refusal(tok, '2204', H, { feedetail: rows(mdtrtId) }, /inpatient stay/); // outpatient message for a stay
    await ok(tok, '2301', H, { feedetail: rows(mdtrtId) });
    const data = { psn_no: personId, mdtrt_id: mdtrtId, med_type: '21', medfee_sumamt: 1100, acct_used_flag: '0', ...(c.priorInpatient ? { prior_setl: c.priorInpatient } : {}) };
    await refusal(tok, '2304', H, { data: { ...data, med_type: '11' } }, /med_type/);
    const preview = await ok(tok, '2303', H, { data });
    const settled = await ok(tok, '2304', H, { data });
    expect(settled.setlinfo).toEqual(preview.setlinfo);
    const view = (await t.http().get(`/v1/claims/${encodeURIComponent(mdtrtId)}`).expect(200)).body;
    expect(view).toMatchObject({ visitType: 'inpatient', totalFen: 110000, policyScopeFen: 100000 });
    expectSetlinfoOf(settled.setlinfo, view);
    const cancelled = await ok(tok, '2305', H, { data: { setl_id: mdtrtId, mdtrt_id: mdtrtId, psn_no: personId } });
    expectSetlinfoOf(cancelled.setlinfo, view, -1);
    const again = await ok(tok, '2401', H, { data: { psn_no: personId, begntime: '2023-04-01 08:00:00', endtime: '2023-04-08 10:00:00', ipt_otp_no: 'IP0001' } });
    expect(again.data.mdtrt_id).toBe(`${mdtrtId}:2`);
    await ok(tok, '2301', H, { feedetail: rows(again.data.mdtrt_id) });
    const resettled = await ok(tok, '2304', H, { data: { ...data, mdtrt_id: again.data.mdtrt_id } });
    expectSetlinfoOf(resettled.setlinfo, (await t.http().get(`/v1/claims/${encodeURIComponent(again.data.mdtrt_id)}`).expect(200)).body);
  });
});

describe('/hisp: the envelope, the registry and the fence', () => {
  it('an unregistered fixmedins_code, an unknown infno, a path that disagrees with the envelope: infcode -1, nothing recorded', async () => {
    const admin = TEST_ADMIN_TOKEN;
    const p = await register(t);
    await refusal(admin, '2201', 'HNOWHERE1', { data: { psn_no: p.personId, begntime: '2023-03-05', ipt_otp_no: 'X1' } }, /fixmedins_code: HNOWHERE1 is not in the institution registry/);
    const before = await domainHead(t);
    const res = await t.as(admin).post('/hisp/9999').send({ infno: '9999', msgid: 'm1', fixmedins_code: 'H1', input: {} }).expect(200);
    expect(res.body).toMatchObject({ infcode: -1, inf_refmsgid: 'm1', output: null });
    expect((await t.as(admin).post('/hisp/2201').send({ infno: '2207', msgid: 'm2', fixmedins_code: 'H1', input: {} }).expect(200)).body.err_msg).toMatch(/infno/);
    expect((await t.as(admin).post('/hisp/2201').send({ msgid: 'm3', input: [] }).expect(200)).body.err_msg).toMatch(/fixmedins_code/);
    expect(await domainHead(t)).toBe(before);
  });

  it('a hospital token speaks for its own fixmedins_code only (403); other roles may not call /hisp (403)', async () => {
    await t.http().put('/v1/institutions/HFENCE1').send({ name: '围栏医院', level: 'tier3', designated: true, countyCode: '511302' }).expect(201);
    const other = await token('HFENCE2');
    expectProblem(await send(other, '1101', 'HFENCE1', { data: { psn_no: 'P-1' } }), 403);
    const clerk = (await issueToken(t, ['clerk'], 'clerk-hisp')).token;
    expectProblem(await send(clerk, '1101', 'HFENCE1', { data: { psn_no: 'P-1' } }), 403);
  });

  it('the registry is dated: a level recorded from a later day applies from that day; GET shows the fact in force and the history', async () => {
    await t.http().put('/v1/institutions/HDATED1').send({ name: '乡镇卫生院', level: 'primary', designated: true, countyCode: '511302' }).expect(201);
    await t.http().put('/v1/institutions/HDATED1').send({ name: '县医院', level: 'tier2', designated: true, countyCode: '511302', effectiveFrom: '2023-06-01' }).expect(201);
    expect((await t.http().get('/v1/institutions/HDATED1?on=2023-05-31').expect(200)).body).toMatchObject({ level: 'primary', history: [{ level: 'primary' }, { level: 'tier2' }] });
    expect((await t.http().get('/v1/institutions/HDATED1?on=2023-06-01').expect(200)).body).toMatchObject({ level: 'tier2', effectiveFrom: '2023-06-01' });
    expectProblem(await t.http().get('/v1/institutions/HNONE9'), 404);
    expectProblem(await t.http().put('/v1/institutions/HDATED1').send({ name: 'x', level: 'tier9', designated: true, countyCode: '51' }), 400);
  });
});
