/** Request helpers shared by the plan, zone, figures and report suites (issue 4). */
import type { createApp } from '../../server/app';

export const BASE = 'http://ledger.test';
export const PLAN = 'wansheng-2023-2025';

export function planApi(app: ReturnType<typeof createApp>) {
  const get = (path: string, headers: Record<string, string> = {}) => app.request(`${BASE}${path}`, { headers });
  const send = (method: string, path: string, auth: string | null, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(`${BASE}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async (path: string) => {
    const res = await get(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const tally = (planId = PLAN, query = '') => json(`/api/plans/${planId}/tally${query}`);
  const tallyOf = async (planId: string, code: string, query = '') => (await tally(planId, query)).targets.find((t: any) => t.code === code);
  return { get, send, json, tally, tallyOf };
}

/** A target definition with the defaults filled in, for brevity. */
export function targetDef(code: string, fields: Record<string, unknown>) {
  return {
    code,
    labelZh: `测试指标 ${code}`,
    labelEn: `Test target ${code}`,
    metric: 'land_mu',
    comparator: 'gte',
    zoneCodes: [],
    landUseCodes: [],
    securedStatuses: ['supplied', 'under_construction', 'in_production'],
    pipelineStatuses: ['planned', 'reserved'],
    floor: 1,
    ...fields,
  };
}
