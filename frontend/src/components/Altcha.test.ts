import { describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import Altcha from './Altcha.svelte';
import { setLocale } from '../lib/i18n.svelte';
import { altchaChallenge, setUpEach, stubFetch } from './testing';

/** The widget, once its module has loaded. */
async function widgetIn(container: HTMLElement): Promise<HTMLElement & AltchaWidgetMethods> {
  await waitFor(() => expect(container.querySelector('altcha-widget input[type="checkbox"]')).not.toBeNull());
  return container.querySelector('altcha-widget') as HTMLElement & AltchaWidgetMethods;
}

setUpEach();

describe('Altcha', () => {
  it('speaks the page’s language: its title, what it does and the widget’s own words', async () => {
    await setLocale('fr', false);
    const { container } = render(Altcha, { id: 'vote-altcha' });
    const widget = await widgetIn(container);
    const group = container.querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-labelledby')).toBe('vote-altcha-title');
    expect(container.querySelector('#vote-altcha-title')?.textContent).toBe('Vérification');
    expect(container.querySelector('#vote-altcha-hint')?.textContent).toContain("Rien n'est transmis à un tiers.");
    await waitFor(() => expect(container.querySelector('.altcha-label')?.textContent?.trim()).toBe('Je ne suis pas un robot'));
    expect(widget.getAttribute('challengeurl') ?? (widget as unknown as { challengeurl: string }).challengeurl).toBe('/api/v1/altcha/challenge');
    const checkbox = container.querySelector<HTMLInputElement>('altcha-widget input[type="checkbox"]')!;
    expect(container.querySelector(`label[for="${checkbox.id}"]`)).not.toBeNull();
    // nothing of ALTCHA's own site: no logo, no footer link
    expect(container.querySelector('a[href*="altcha.org"], .altcha-logo, .altcha-footer')).toBeNull();
  });

  it('solves the challenge from its URL when the box is ticked, says so, and reset() clears it', async () => {
    const c = await altchaChallenge(37);
    const asked: string[] = [];
    stubFetch((url) => {
      asked.push(url);
      return url === '/api/v1/test-challenge' ? c : undefined;
    });
    const { container, component } = render(Altcha, { challengeUrl: '/api/v1/test-challenge' });
    await widgetIn(container);
    const checkbox = container.querySelector<HTMLInputElement>('altcha-widget input[type="checkbox"]')!;
    await fireEvent.click(checkbox);
    const status = container.querySelector('[role="status"]')!;
    await waitFor(() => expect(status.textContent).toBe('Verified'), { timeout: 5000 });
    expect(asked).toEqual(['/api/v1/test-challenge']);
    const hidden = container.querySelector<HTMLInputElement>('input[type="hidden"][name="altcha"]')!;
    const payload = JSON.parse(atob(hidden.value));
    expect(payload).toMatchObject({ algorithm: 'SHA-256', challenge: c.challenge, number: 37, salt: c.salt, signature: c.signature });
    component.reset();
    await waitFor(() => expect(status.textContent).toBe(''));
    expect(checkbox.checked).toBe(false);
  });
});
