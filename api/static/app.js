// Small enhancements; every page works without them.
document.addEventListener('click', (e) => {
  const el = e.target instanceof Element ? e.target : null;
  if (!el) return;
  // Review page: show a measure's span in the source when its card is picked.
  const card = el.closest('[data-measure-ref]');
  if (card && !el.closest('input,textarea,select,button,a')) {
    const ref = card.getAttribute('data-measure-ref');
    document.querySelectorAll('mark.measure.active').forEach((m) => m.classList.remove('active'));
    const mark = document.querySelector(`mark.measure[data-ref="${CSS.escape(ref)}"]`);
    if (mark) {
      mark.classList.add('active');
      mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  }
  // Error page: back to where the person came from; without a page before it, the link's own address (home).
  if (el.closest('[data-back]') && history.length > 1) {
    e.preventDefault();
    history.back();
  }
  // Review page: add an empty target row from the template next to the button.
  if (el.matches('[data-add-target]')) {
    e.preventDefault();
    const list = el.closest('form').querySelector('.targets');
    const tpl = document.getElementById('target-row-template');
    if (list && tpl) list.appendChild(tpl.content.cloneNode(true));
  }
});

// A form whose work takes a while (launching a large plan): say so, and do not let a second click send it again.
document.addEventListener('submit', (e) => {
  const form = e.target instanceof HTMLFormElement ? e.target : null;
  const busy = form && form.dataset.busy;
  if (!busy) return;
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  const note = document.createElement('span');
  note.className = 'muted';
  note.setAttribute('role', 'status');
  note.textContent = ` ${busy}`;
  (button || form).after(note);
});

// A page showing work under way (a plan's launch) asks to be read again after a few seconds, unless the person has
// started typing in it.
const reloading = document.querySelector('[data-reload-after]');
if (reloading) {
  setTimeout(() => {
    const active = document.activeElement;
    if (active && active.matches('input,textarea,select')) return;
    // Read again without the one-time notice of the action that led here (?done=…).
    const url = new URL(location.href);
    url.searchParams.delete('done');
    location.replace(url.href);
  }, Number(reloading.getAttribute('data-reload-after')) * 1000);
}
