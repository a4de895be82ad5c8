import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import Register from './Register.svelte';
import { json, setUpEach, stubFetch } from '../components/testing';
import { setLocale, type Locale } from '../lib/i18n.svelte';

/** What the server answers a registration with every field wrong. */
const refused = {
  type: 'urn:wsis-prizes:problem:validation_failed',
  title: 'Unprocessable Entity',
  status: 422,
  code: 'validation_failed',
  detail: 'some fields are not valid',
  errors: {
    email: ['must be an e-mail address'],
    password: ['must be at least 15 characters'],
    display_name: ['must be 1 to 100 characters'],
  },
  reasons: {
    email: [{ code: 'not_email' }],
    password: [{ code: 'password_too_short', min: 15 }],
    display_name: [{ code: 'char_count', min: 1, max: 100 }],
  },
};
const SERVER_ENGLISH = [...Object.values(refused.errors).flat(), refused.detail, 'Details from the server'];

setUpEach();
beforeEach(() => {
  stubFetch((url, method) => (url === '/api/v1/auth/register' && method === 'POST' ? json(422, refused) : undefined));
});

async function submitIn(locale: Locale) {
  await setLocale(locale, false);
  const view = render(Register);
  await fireEvent.input(view.container.querySelector('#register-email')!, { target: { value: 'not-an-email' } });
  await fireEvent.input(view.container.querySelector('#register-password')!, { target: { value: 'short' } });
  await fireEvent.submit(view.container.querySelector('main form, form')!);
  await waitFor(() => expect(view.container.querySelector('#register-password-error')).not.toBeNull());
  return view.container;
}

describe('Register: a refused registration', () => {
  it('says in English one sentence above the form and why under each field', async () => {
    const c = await submitIn('en');
    expect(c.querySelector('#register-error')?.textContent?.trim()).toBe('Please correct the fields marked below.');
    expect(c.querySelector('#register-email-error')?.textContent).toBe('Enter a valid email address.');
    expect(c.querySelector('#register-password-error')?.textContent).toBe('Use at least 15 characters.');
    expect(c.querySelector('#register-display-name-error')?.textContent).toBe('Use 1 to 100 characters.');
  });

  it('says it all in Chinese, without a word of the server’s English', async () => {
    const c = await submitIn('zh');
    expect(c.querySelector('#register-error')?.textContent?.trim()).toBe('请更正下方标出的字段。');
    expect(c.querySelector('#register-email-error')?.textContent).toBe('请输入有效的电子邮件地址。');
    expect(c.querySelector('#register-password-error')?.textContent).toBe('密码至少需要15个字符。');
    for (const english of SERVER_ENGLISH) expect(c.textContent).not.toContain(english);
  });

  it('says it all in Arabic, without a word of the server’s English', async () => {
    const c = await submitIn('ar');
    expect(c.querySelector('#register-error')?.textContent?.trim()).toBe('يُرجى تصحيح الحقول المشار إليها أدناه.');
    expect(c.querySelector('#register-email-error')?.textContent).toBe('أدخل عنوان بريد إلكتروني صحيحًا.');
    expect(c.querySelector('#register-password-error')?.textContent).toContain('يجب ألا يقل عدد أحرف كلمة المرور عن');
    for (const english of SERVER_ENGLISH) expect(c.textContent).not.toContain(english);
  });
});

describe('Register: the account’s language', () => {
  it('is the language of the page the person signs up on', async () => {
    let sent: Record<string, unknown> | undefined;
    stubFetch((url, method, init) => {
      if (url === '/api/v1/auth/register' && method === 'POST') {
        sent = JSON.parse(String(init?.body));
        return json(422, refused);
      }
      return undefined;
    });
    await submitIn('fr');
    expect(sent?.language).toBe('fr');
  });
});
