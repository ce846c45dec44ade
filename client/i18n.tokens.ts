/** UI text for personal API tokens (merged into i18n.svelte.ts). */
import type { Bilingual } from './i18n.svelte';

export const TOKEN_MESSAGES = {
  tokensTitle: { zh: '我的 API 令牌', en: 'My API tokens' },
  tokensIntro: {
    zh: '供 QGIS 和脚本使用（Authorization: Bearer …）。令牌只在创建时显示一次；不再需要或可能泄露时请撤销。修改密码会撤销全部令牌。',
    en: 'For QGIS and scripts (Authorization: Bearer …). A token is shown once, when made; revoke it when no longer needed or possibly leaked. Changing the password revokes them all.',
  },
  tokensAllTitle: { zh: '全部用户的 API 令牌', en: 'API tokens of every user' },
  tokensNone: { zh: '没有令牌', en: 'No tokens' },
  tokenName: { zh: '名称', en: 'Name' },
  tokenUser: { zh: '用户', en: 'User' },
  tokenCreated: { zh: '创建于', en: 'Created' },
  tokenLastUsed: { zh: '最近使用', en: 'Last used' },
  tokenExpires: { zh: '到期', en: 'Expires' },
  tokenNever: { zh: '从不', en: 'Never' },
  tokenExpired: { zh: '已过期', en: 'Expired' },
  tokenExpiresDays: { zh: '有效天数（空为不过期）', en: 'Valid for days (blank: no expiry)' },
  tokenCreate: { zh: '创建令牌', en: 'Create token' },
  tokenRevoke: { zh: '撤销', en: 'Revoke' },
  tokenCreatedOnce: { zh: '新令牌（只显示这一次，请立即复制）：', en: 'New token (shown this once; copy it now):' },
} as const satisfies Record<string, Bilingual>;
