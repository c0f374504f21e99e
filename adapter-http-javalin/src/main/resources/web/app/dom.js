// Builds DOM nodes from data. Text always goes in as text nodes, never as HTML: a product called
// <img src=x onerror=...> shows as those characters.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let nextId = 0;

/** A labelled input with a slot for the API's error about that field. */
export function field(label, name, attributes = {}) {
  const id = `f-${name}-${++nextId}`;
  const control = attributes.options
    ? h('select', { id, name, 'aria-describedby': `${id}-error` },
        attributes.options.map(([value, text]) => h('option', { value, selected: value === attributes.value }, text)))
    : attributes.multiline
      ? h('textarea', { id, name, 'aria-describedby': `${id}-error` }, attributes.value || '')
      : h('input', { id, name, type: attributes.type || 'text', value: attributes.value ?? '', required: attributes.required,
          autocomplete: attributes.autocomplete || 'off', 'aria-describedby': `${id}-error` });
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    h('p', { id: `${id}-error`, class: 'field-error', 'data-error-for': name }));
}

/** Shows a problem's field errors next to their inputs; returns the message when no field took it. */
export function showProblem(form, error) {
  form.querySelectorAll('[data-error-for]').forEach((slot) => { slot.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  const problem = error.problem || {};
  const errors = Array.isArray(problem.errors) && problem.errors.length
    ? problem.errors.map((e) => ({ field: e.field || (e.pointer || '').replace(/^\//, ''), message: e.message }))
    : problem.field ? [{ field: problem.field, message: problem.detail }] : [];
  let placed = false;
  for (const { field: name, message } of errors) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (slot) {
      slot.textContent = message;
      form.querySelector(`[name="${CSS.escape(name)}"]`)?.setAttribute('aria-invalid', 'true');
      placed = true;
    }
  }
  return placed ? null : error.message;
}

export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = text;
  setTimeout(() => { if (status.textContent === text) status.textContent = ''; }, 4000);
}
