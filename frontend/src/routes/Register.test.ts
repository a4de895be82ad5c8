import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import Register from './Register.svelte';
import { altchaChallenge, json, setUpEach, stubFetch } from '../components/testing';
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

describe('Register: when the server asks for a proof of work', () => {
  it('shows the verification, sends its solution as altcha, and asks for a new one after a refusal', async () => {
    const challenge = await altchaChallenge(12);
    const sent: Record<string, unknown>[] = [];
    stubFetch((url, method, init) => {
      if (url === '/api/v1/settings') return { registration_challenge: true };
      if (url === '/api/v1/altcha/challenge') return challenge;
      if (url === '/api/v1/auth/register' && method === 'POST') {
        sent.push(JSON.parse(String(init?.body)));
        return json(409, { type: 'urn:wsis-prizes:problem:email_taken', title: 'Conflict', status: 409, code: 'email_taken', detail: 'taken' });
      }
      return undefined;
    });
    await setLocale('es', false);
    const view = render(Register);
    const c = view.container;
    await waitFor(() => expect(c.querySelector('altcha-widget input[type="checkbox"]')).not.toBeNull());
    expect(c.querySelector('#register-altcha-title')?.textContent).toBe('Verificación');
    // sent without solving: the form says nothing is solved (null), the server will say why
    await fireEvent.submit(c.querySelector('form')!);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].altcha).toBeNull();
    await fireEvent.click(c.querySelector('altcha-widget input[type="checkbox"]')!);
    await waitFor(() => expect(c.querySelector('[role="status"]')?.textContent).toBe('Verificado'), { timeout: 5000 });
    await fireEvent.submit(c.querySelector('form')!);
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(JSON.parse(atob(String(sent[1].altcha)))).toMatchObject({ number: 12, signature: challenge.signature });
    // the address was taken: that solution is spent, the box is unticked for a new one
    await waitFor(() => expect(c.querySelector<HTMLInputElement>('altcha-widget input[type="checkbox"]')?.checked).toBe(false));
    expect(c.querySelector('[role="status"]')?.textContent).toBe('');
  });

  it('says under the box to tick it when the server refuses a registration without a solution', async () => {
    stubFetch((url, method) => {
      if (url === '/api/v1/settings') return { registration_challenge: true };
      if (url === '/api/v1/auth/register' && method === 'POST') {
        return json(422, { ...refused, errors: { altcha: ['is required'] }, reasons: { altcha: [{ code: 'required' }] } });
      }
      return undefined;
    });
    const view = render(Register);
    await waitFor(() => expect(view.container.querySelector('#register-altcha-title')).not.toBeNull());
    await fireEvent.submit(view.container.querySelector('form')!);
    await waitFor(() => expect(view.container.querySelector('#register-altcha-error')?.textContent).toBe('Tick the box to show you are not a robot.'));
    expect(view.container.querySelector('[role="group"]')?.getAttribute('aria-describedby')).toBe('register-altcha-hint register-altcha-error');
  });

  it('is not shown when the server does not ask for it, and no altcha is sent', async () => {
    let sent: Record<string, unknown> | undefined;
    stubFetch((url, method, init) => {
      if (url === '/api/v1/settings') return { registration_challenge: false };
      if (url === '/api/v1/auth/register' && method === 'POST') {
        sent = JSON.parse(String(init?.body));
        return json(422, refused);
      }
      return undefined;
    });
    const c = await submitIn('en');
    expect(c.querySelector('#register-altcha-title, altcha-widget')).toBeNull();
    expect(sent && 'altcha' in sent).toBe(false);
  });
});
