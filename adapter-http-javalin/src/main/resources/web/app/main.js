// The shop owner's dashboard: a small single-page app over the JSON API. Hash routes (#/products, #/products/<id>)
// keep every screen addressable without server-side routing.
import {
  api, ApiError, finishHostedUi, newKey, refresh, signInOptions, signInWithEmail, signOut, startHostedUi, switchTenant, uploadImage,
} from './api.js';
import { announce, field, h, showProblem } from './dom.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let me = null;

const ROLE_RANK = { staff: 1, admin: 2, owner: 3 };
const atLeast = (role) => me && me.role && ROLE_RANK[me.role] >= ROLE_RANK[role];

const SCREENS = [
  { path: 'shops', label: 'Shops', render: shopsScreen },
  { path: 'categories', label: 'Categories', render: categoriesScreen, tenant: true },
  { path: 'products', label: 'Products', render: productsScreen, tenant: true },
  { path: 'ai', label: 'AI', render: aiScreen, tenant: true },
  { path: 'members', label: 'Members', render: membersScreen, tenant: true, role: 'admin' },
  { path: 'settings', label: 'Settings', render: settingsScreen, tenant: true, role: 'admin' },
  { path: 'visits', label: 'Visits', render: visitsScreen, tenant: true, role: 'admin' },
];

function visible(screen) {
  return (!screen.tenant || (me && me.tenant)) && (!screen.role || atLeast(screen.role));
}

// Each navigation claims the screen; a slower screen that finishes after a newer navigation must not paint over it.
let latest = Symbol('screen');

function claimScreen() {
  latest = Symbol('screen');
  return latest;
}

/** The painter for the screen being rendered now: it paints only while no newer navigation has happened. */
function painter() {
  const mine = latest;
  return (title, ...content) => {
    if (mine !== latest) return;
    main.replaceChildren(h('h1', {}, title), ...content);
    document.title = `${title} · Dashboard`;
  };
}

function renderChrome() {
  const current = (location.hash.replace(/^#\//, '').split('/')[0]) || 'products';
  nav.hidden = !me;
  nav.replaceChildren(...(me ? SCREENS.filter(visible).map((s) =>
    h('a', { href: `#/${s.path}`, 'aria-current': s.path === current ? 'page' : null }, s.label)) : []));
  who.replaceChildren(...(me ? [
    h('span', {}, me.user.email, me.tenant ? ` · ${me.tenant.name} (${me.role})` : ''),
    h('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: doSignOut }, 'Sign out'),
  ] : []));
}

async function doSignOut() {
  await signOut();
  me = null;
  location.hash = '';
  route();
}

async function loadMe() {
  me = await api('GET', '/auth/me');
}

async function route() {
  claimScreen();
  const paintError = painter();
  renderChrome();
  if (!me) return signInScreen();
  const [path, id] = location.hash.replace(/^#\//, '').split('/');
  const screen = SCREENS.find((s) => s.path === (path || (me.tenant ? 'products' : 'shops')));
  if (!screen || !visible(screen)) return shopsScreen();
  try {
    if (screen.path === 'products' && id) await productEditor(id);
    else await screen.render();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      me = null;
      return route();
    }
    paintError('Something went wrong', h('p', { class: 'error', role: 'alert' }, error.message));
  }
}

// What the platform offers (mock email or Cognito's Hosted UI), and why the last sign-in failed, if it did.
let options = null;
let signInError = '';

async function signInScreen() {
  const show = painter();
  if (!options) {
    try {
      options = await signInOptions();
    } catch {
      options = { mockEmail: true, hostedUi: false };
    }
  }
  if (!options.mockEmail) {
    const error = h('p', { class: 'error', role: 'alert', id: 'sign-in-error' }, signInError);
    const button = h('button', { type: 'button', id: 'hosted-sign-in', disabled: !options.hostedUi }, 'Sign in');
    button.addEventListener('click', async () => {
      try {
        await startHostedUi();
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    show('Sign in', h('section', { class: 'panel', id: 'sign-in' },
      h('p', {}, options.hostedUi ? 'You will sign in on the account page and come back here.'
        : 'Sign-in is not configured here: set COGNITO_DOMAIN.'), error, button));
    button.focus();
    return;
  }
  const form = h('form', { class: 'panel', id: 'sign-in', novalidate: true },
    field('Email', 'email', { type: 'email', required: true, autocomplete: 'email' }),
    h('p', { class: 'error', role: 'alert', id: 'sign-in-error' }),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await signInWithEmail(form.email.value.trim());
      await loadMe();
      location.hash = me.tenant ? '#/products' : '#/shops';
      route();
    } catch (error) {
      form.querySelector('#sign-in-error').textContent = showProblem(form, error) || '';
    }
  });
  show('Sign in', h('p', { class: 'muted' }, 'Development sign-in: any email address, no password.'), form);
  form.email.focus();
}

async function shopsScreen() {
  const show = painter();
  let shops = [];
  try {
    shops = (await api('GET', '/tenants')).items || [];
  } catch {
    // Older servers have no shop list: show the current one and switching by address.
    shops = me.tenant ? [{ ...me.tenant, role: me.role }] : [];
  }
  const list = h('ul', { id: 'shop-list' }, shops.map((shop) => h('li', {},
    h('span', {}, shop.name, ' '), h('span', { class: 'muted' }, `/${shop.slug}`),
    me.tenant && me.tenant.slug === shop.slug ? h('span', {}, ' (current)')
      : h('button', { type: 'button', class: 'secondary', onclick: () => doSwitch(shop.slug) }, 'Switch'))));
  const create = h('form', { class: 'panel', id: 'create-shop' },
    h('h2', {}, 'Create a shop'),
    field('Name', 'name', { required: true }),
    field('Address (slug)', 'slug', { required: true }),
    field('Currency', 'defaultCurrency', { value: 'USD', required: true }),
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit' }, 'Create shop'));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const tenant = await api('POST', '/tenants', {
        name: create.name.value, slug: create.slug.value, defaultCurrency: create.defaultCurrency.value,
      });
      await doSwitch(tenant.slug);
    } catch (error) {
      create.querySelector('p.error').textContent = showProblem(create, error) || '';
    }
  });
  const switcher = h('form', { class: 'panel', id: 'switch-shop' },
    h('h2', {}, 'Open a shop by address'), field('Address (slug)', 'tenantSlug'),
    h('p', { class: 'error', role: 'alert' }), h('button', { type: 'submit', class: 'secondary' }, 'Open'));
  switcher.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await doSwitch(switcher.tenantSlug.value);
    } catch (error) {
      switcher.querySelector('p.error').textContent = error.message;
    }
  });
  show('Shops', list, create, switcher);
}

async function doSwitch(slug) {
  await switchTenant(slug);
  await loadMe();
  announce(`Now working in ${me.tenant.name}`);
  location.hash = '#/products';
  route();
}

function categoryOptions(categories, empty) {
  return [['', empty], ...categories.map((c) => [c.id, c.name])];
}

async function categoriesScreen() {
  const show = painter();
  const categories = (await api('GET', '/tenants/me/categories')).items;
  const children = (parent) => categories.filter((c) => (c.parentId || null) === parent)
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
  const node = (category) => {
    const siblings = children(category.parentId || null);
    const index = siblings.indexOf(category);
    return h('li', {},
      h('div', { class: 'row' },
        h('span', { class: 'category-name' }, category.name),
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Rename ${category.name}`,
          onclick: () => renameCategory(category) }, 'Rename'),
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Move ${category.name} up`,
          disabled: index === 0, onclick: () => reorder(category, siblings[index - 1]) }, '↑'),
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Move ${category.name} down`,
          disabled: index === siblings.length - 1, onclick: () => reorder(category, siblings[index + 1]) }, '↓'),
        h('label', { class: 'muted' }, 'Parent ',
          h('select', { 'aria-label': `Parent of ${category.name}`, onchange: (e) => move(category, e.target.value) },
            categoryOptions(categories.filter((c) => c.id !== category.id), '(top level)').map(([v, t]) =>
              h('option', { value: v, selected: v === (category.parentId || '') }, t))))),
      children(category.id).length ? h('ul', {}, children(category.id).map(node)) : null);
  };
  const create = h('form', { class: 'panel', id: 'create-category' },
    h('h2', {}, 'New category'), field('Name', 'name', { required: true }), field('Slug (optional)', 'slug'),
    field('Parent', 'parentId', { options: categoryOptions(categories, '(top level)') }),
    h('p', { class: 'error', role: 'alert' }), h('button', { type: 'submit' }, 'Create category'));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { name: create.name.value };
    if (create.slug.value) body.slug = create.slug.value;
    if (create.parentId.value) body.parentId = create.parentId.value;
    try {
      await api('POST', '/tenants/me/categories', body);
      announce('Category created');
      categoriesScreen();
    } catch (error) {
      create.querySelector('p.error').textContent = showProblem(create, error) || '';
    }
  });
  show('Categories', h('div', { class: 'tree' }, categories.length
    ? h('ul', { id: 'category-tree' }, children(null).map(node)) : h('p', {}, 'No categories yet.')), create);
}

async function patchCategory(category, change) {
  const { etag } = await api('GET', `/tenants/me/categories/${category.id}`, undefined, { withHeaders: true });
  await api('PATCH', `/tenants/me/categories/${category.id}`, change, { ifMatch: etag });
}

async function renameCategory(category) {
  const name = window.prompt('New name', category.name);
  if (!name || name === category.name) return;
  await guarded(() => patchCategory(category, { name }), 'Category renamed');
  categoriesScreen();
}

async function reorder(category, neighbour) {
  if (!neighbour) return;
  // Swap positions; equal positions fall back to name order, so give them distinct ones.
  const a = neighbour.position === category.position ? category.position + 1 : neighbour.position;
  await guarded(async () => {
    await patchCategory(category, { position: a });
    await patchCategory(neighbour, { position: category.position });
  }, 'Order changed');
  categoriesScreen();
}

async function move(category, parentId) {
  await guarded(() => patchCategory(category, { parentId: parentId || null }), 'Category moved');
  categoriesScreen();
}

async function guarded(work, done) {
  try {
    await work();
    announce(done);
  } catch (error) {
    window.alert(error.message);
  }
}

async function productsScreen() {
  const show = painter();
  const categories = (await api('GET', '/tenants/me/categories')).items;
  const filters = h('form', { class: 'row', id: 'product-filters', 'aria-label': 'Filters' },
    field('Status', 'status', { options: [['', 'Any status'], ['draft', 'Draft'], ['published', 'Published'],
      ['archived', 'Archived']] }),
    field('Category', 'category', { options: [['', 'Any category'], ...categories.map((c) => [c.slug, c.name])] }));
  const tbody = h('tbody', { id: 'product-rows' });
  const more = h('button', { type: 'button', class: 'secondary', id: 'load-more', hidden: true }, 'Load more');
  let cursor = null;
  const load = async (reset) => {
    const params = new URLSearchParams({ limit: '20' });
    if (filters.status.value) params.set('status', filters.status.value);
    if (filters.category.value) params.set('category', filters.category.value);
    if (!reset && cursor) params.set('cursor', cursor);
    const page = await api('GET', `/tenants/me/products?${params}`);
    if (reset) tbody.replaceChildren();
    tbody.append(...page.items.map((p) => h('tr', {},
      h('td', {}, h('a', { href: `#/products/${p.id}` }, p.name)),
      h('td', {}, p.status), h('td', {}, `${p.effectiveCurrency} ${p.price}`))));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  filters.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));
  const create = h('form', { class: 'panel', id: 'create-product' },
    h('h2', {}, 'New product'), field('Name', 'name', { required: true }), field('Price', 'price', { required: true }),
    field('Currency (empty: the shop\'s)', 'currency'),
    field('Category', 'categoryId', { options: categoryOptions(categories, '(none)') }),
    field('Status', 'status', { options: [['draft', 'Draft'], ['published', 'Published']] }),
    h('p', { class: 'error', role: 'alert' }), h('button', { type: 'submit' }, 'Create product'));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { name: create.name.value, price: create.price.value, status: create.status.value };
    if (create.currency.value) body.currency = create.currency.value;
    if (create.categoryId.value) body.categoryId = create.categoryId.value;
    try {
      const product = await api('POST', '/tenants/me/products', body);
      announce('Product created');
      location.hash = `#/products/${product.id}`;
    } catch (error) {
      create.querySelector('p.error').textContent = showProblem(create, error) || '';
    }
  });
  show('Products', filters,
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Price'))), tbody),
    more, create);
  await load(true);
}

async function productEditor(id) {
  const show = painter();
  const [{ body: product, etag }, categories] = await Promise.all([
    api('GET', `/tenants/me/products/${id}`, undefined, { withHeaders: true }),
    api('GET', '/tenants/me/categories').then((r) => r.items)]);
  let version = etag;
  const form = h('form', { class: 'panel', id: 'product-editor' },
    field('Name', 'name', { value: product.name, required: true }),
    field('Slug', 'slug', { value: product.slug }),
    field('Price', 'price', { value: product.price, required: true }),
    field('Currency (empty: the shop\'s)', 'currency', { value: product.currency || '' }),
    field('Category', 'categoryId', { options: categoryOptions(categories, '(none)'), value: product.categoryId || '' }),
    field('Status', 'status', { options: [['draft', 'Draft'], ['published', 'Published'], ['archived', 'Archived']],
      value: product.status }),
    field('Description', 'description', { multiline: true, value: product.description || '' }),
    h('div', { id: 'editor-message', role: 'alert' }),
    h('button', { type: 'submit' }, 'Save'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = form.querySelector('#editor-message');
    message.replaceChildren();
    const change = {
      name: form.name.value, slug: form.slug.value, price: form.price.value, status: form.status.value,
      currency: form.currency.value || null, categoryId: form.categoryId.value || null,
      description: form.description.value || null,
    };
    try {
      const saved = await api('PATCH', `/tenants/me/products/${id}`, change, { ifMatch: version, withHeaders: true });
      version = saved.etag;
      showProblem(form, {});
      announce('Saved');
    } catch (error) {
      if (error.status === 412) {
        message.replaceChildren(h('p', { class: 'conflict', id: 'conflict' },
          'This product was changed elsewhere. Your changes were not saved. ',
          h('button', { type: 'button', onclick: () => productEditor(id) }, 'Reload')));
        return;
      }
      const rest = showProblem(form, error);
      if (rest) message.replaceChildren(h('p', { class: 'error' }, rest));
    }
  });
  const ai = h('section', { class: 'panel', id: 'ai-description' }, h('h2', {}, 'Write a description with AI'),
    h('button', { type: 'button', class: 'secondary', id: 'ai-write', onclick: async () => {
      const out = ai.querySelector('.preview');
      out.textContent = 'Writing…';
      try {
        const result = await api('POST', `/tenants/me/products/${id}/ai/description`, { apply: false });
        out.textContent = result.text;
        ai.querySelector('#ai-apply').hidden = false;
      } catch (error) {
        out.textContent = error.message;
      }
    } }, 'Write description'),
    h('div', { class: 'preview', 'aria-live': 'polite' }),
    h('button', { type: 'button', id: 'ai-apply', hidden: true, onclick: () => {
      form.description.value = ai.querySelector('.preview').textContent;
      form.description.focus();
      announce('Description placed in the editor; save to keep it');
    } }, 'Use this text'));
  const images = imagesSection(id, product.images || [], () => version, (etag) => { version = etag; });
  show(`Edit ${product.name}`, h('p', {}, h('a', { href: '#/products' }, '← All products'), ' · ',
    h('a', { href: `/shops/${me.tenant.slug}/p/${product.slug}` }, 'View in shop')), form, images, ai);
}

const IMAGE_TYPES = 'image/png,image/jpeg,image/webp,image/avif';

/** A progress bar and its label for one upload; update(loaded, total) moves it. */
function uploadProgress(file) {
  const bar = h('progress', { class: 'upload-progress', max: file.size || 1, value: 0,
    'aria-label': `Uploading ${file.name}` });
  const label = h('span', { class: 'muted' }, `${file.name}: 0%`);
  const row = h('li', {}, label, bar);
  return {
    row,
    update(loaded, total) {
      bar.max = total;
      bar.value = loaded;
      label.textContent = `${file.name}: ${Math.round((loaded * 100) / (total || 1))}%`;
    },
  };
}

/**
 * The product's images: upload (presigned URL, progress bar, completion), then attached in order; reorder, alt text
 * and removal are saved together with If-Match on the product's version, shared with the editor above.
 */
function imagesSection(productId, initial, currentVersion, newVersion) {
  let images = initial.map((i) => ({ mediaId: i.id, url: i.url, alt: i.alt || '' }));
  const list = h('ol', { id: 'product-images', class: 'images' });
  const uploads = h('ul', { id: 'uploads', class: 'uploads' });
  const message = h('div', { id: 'images-message', role: 'alert' });
  const save = async (done) => {
    message.replaceChildren();
    try {
      const saved = await api('PUT', `/tenants/me/products/${productId}/images`,
        { mediaIds: images.map((i) => ({ mediaId: i.mediaId, alt: i.alt })) },
        { ifMatch: currentVersion(), withHeaders: true });
      newVersion(saved.etag);
      images = (saved.body.images || []).map((i) => ({ mediaId: i.id, url: i.url, alt: i.alt || '' }));
      draw();
      announce(done);
    } catch (error) {
      message.replaceChildren(h('p', { class: error.status === 412 ? 'conflict' : 'error' }, error.status === 412
        ? 'This product was changed elsewhere. Reload it before changing its images.' : error.message));
    }
  };
  const move = (index, by) => {
    const [image] = images.splice(index, 1);
    images.splice(index + by, 0, image);
    draw();
  };
  function draw() {
    list.replaceChildren(...images.map((image, index) => h('li', { class: 'image-row' },
      h('img', { src: image.url, alt: '', width: 96, height: 72, class: 'thumb' }),
      h('div', {},
        h('label', { for: `alt-${index}` }, `Alternative text for image ${index + 1}`),
        h('input', { id: `alt-${index}`, name: `alt-${index}`, value: image.alt, maxlength: 300,
          oninput: (event) => { image.alt = event.target.value; } }),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'secondary', 'aria-label': `Move image ${index + 1} up`,
            disabled: index === 0, onclick: () => move(index, -1) }, '↑'),
          h('button', { type: 'button', class: 'secondary', 'aria-label': `Move image ${index + 1} down`,
            disabled: index === images.length - 1, onclick: () => move(index, 1) }, '↓'),
          h('button', { type: 'button', class: 'danger', 'aria-label': `Remove image ${index + 1}`,
            onclick: () => { images.splice(index, 1); draw(); } }, 'Remove'))))));
    if (!images.length) list.replaceChildren(h('li', { class: 'muted' }, 'No images yet.'));
  }
  draw();
  const input = h('input', { id: 'image-file', type: 'file', accept: IMAGE_TYPES, multiple: true });
  input.addEventListener('change', async () => {
    const files = [...input.files];
    input.value = '';
    message.replaceChildren();
    let added = 0;
    // One after the other: the images keep the order they were chosen in.
    for (const file of files) {
      const progress = uploadProgress(file);
      uploads.append(progress.row);
      try {
        const media = await uploadImage(file, progress.update);
        images.push({ mediaId: media.id, url: media.url, alt: '' });
        added += 1;
        progress.row.remove();
      } catch (error) {
        progress.row.replaceChildren(h('span', { class: 'error' }, `${file.name}: ${error.message}`));
      }
    }
    if (added) await save(added === 1 ? 'Image added' : `${added} images added`);
  });
  return h('section', { class: 'panel', id: 'images' }, h('h2', {}, 'Images'),
    h('label', { for: 'image-file' }, 'Add images (PNG, JPEG, WebP or AVIF)'), input, uploads, list, message,
    h('button', { type: 'button', id: 'save-images', onclick: () => save('Images saved') }, 'Save images'));
}

async function aiScreen() {
  const show = painter();
  const usage = await api('GET', '/tenants/me/ai/usage');
  show('AI', h('section', { class: 'panel' }, h('h2', {}, `This month (${usage.period})`),
    h('label', { for: 'quota' }, `${usage.used} of ${usage.limit} tokens used`),
    h('progress', { id: 'quota', max: usage.limit, value: usage.used }, `${usage.used} / ${usage.limit}`),
    h('p', { class: 'muted' }, `Resets ${new Date(usage.resetsAt).toLocaleString()}`)), bulkDescriptions());
}

const JOB_POLL_MS = 1000;
const JOB_STATUS_TEXT = {
  queued: 'queued', running: 'running', succeeded: 'done', failed: 'failed', partially_succeeded: 'done, with failures',
  cancelled: 'cancelled', quota_exhausted: 'stopped: the month\'s AI quota ran out',
};

/**
 * Bulk descriptions: one background job (POST /tenants/me/ai/description-jobs, with an Idempotency-Key) for every
 * product without a description, its progress polled from the job (GET /tenants/me/jobs/{id}, its Location) until
 * it finishes.
 */
function bulkDescriptions() {
  const bar = h('progress', { id: 'job-progress', max: 1, value: 0, hidden: true, 'aria-labelledby': 'job-status' });
  const status = h('p', { id: 'job-status', role: 'status' });
  const form = h('form', { class: 'panel', id: 'bulk-describe' },
    h('h2', {}, 'Describe products in bulk'),
    h('p', { class: 'muted' }, 'Writes a description for every product that has none, in the background.'),
    field('Tone (optional)', 'tone'),
    h('div', { class: 'field' }, h('label', {}, h('input', { type: 'checkbox', name: 'apply' }),
      ' Save the descriptions on the products (otherwise they are only proposed)')),
    h('p', { class: 'error', role: 'alert' }),
    h('button', { type: 'submit' }, 'Start'), bar, status);
  const show = (job) => {
    const finished = job.done + job.failed;
    bar.hidden = false;
    bar.max = Math.max(job.total, 1);
    bar.value = job.total === 0 ? 1 : finished;
    bar.textContent = `${finished} / ${job.total}`;
    status.dataset.status = job.status;
    status.textContent = `${finished} of ${job.total} products: ${JOB_STATUS_TEXT[job.status] || job.status}`
      + (job.failed ? ` (${job.failed} failed)` : '');
  };
  const poll = async (id) => {
    // Stops when the job finishes or the form has left the page (another screen).
    while (form.isConnected) {
      const job = await api('GET', `/tenants/me/jobs/${id}`);
      show(job);
      if (!['queued', 'running'].includes(job.status)) return;
      await new Promise((resolve) => { setTimeout(resolve, JOB_POLL_MS); });
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    form.querySelector('p.error').textContent = '';
    try {
      const body = { apply: form.apply.checked };
      if (form.tone.value.trim()) body.tone = form.tone.value.trim();
      const job = await api('POST', '/tenants/me/ai/description-jobs', body, { idempotencyKey: newKey() });
      show(job);
      await poll(job.id);
    } catch (error) {
      form.querySelector('p.error').textContent = showProblem(form, error) || '';
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

async function membersScreen() {
  const show = painter();
  const [members, invitations] = await Promise.all([
    api('GET', '/tenants/me/members'), api('GET', '/tenants/me/invitations')]);
  const owners = members.items.filter((m) => m.role === 'owner').length;
  const rows = members.items.map((m) => {
    const lastOwner = m.role === 'owner' && owners === 1;
    return h('tr', {},
      h('td', {}, m.email), h('td', {}, atLeast('owner') && !lastOwner
        ? h('select', { 'aria-label': `Role of ${m.email}`, onchange: (e) => changeRole(m, e.target.value) },
          ['owner', 'admin', 'staff'].map((r) => h('option', { value: r, selected: r === m.role }, r)))
        : m.role),
      h('td', {}, new Date(m.joinedAt).toLocaleDateString()),
      h('td', {}, lastOwner ? h('span', { class: 'muted' }, 'The last owner cannot leave or be demoted')
        : atLeast('owner') ? h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${m.email}`,
          onclick: () => removeMember(m) }, 'Remove') : null));
  });
  const invite = h('form', { class: 'panel', id: 'invite' }, h('h2', {}, 'Invite'),
    field('Email', 'email', { type: 'email', required: true }),
    field('Role', 'role', { options: [['staff', 'Staff'], ['admin', 'Admin'], ...(atLeast('owner') ? [['owner', 'Owner']] : [])] }),
    h('p', { class: 'error', role: 'alert' }), h('button', { type: 'submit' }, 'Send invitation'));
  invite.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('POST', '/tenants/me/invitations', { email: invite.email.value, role: invite.role.value });
      announce('Invitation sent');
      membersScreen();
    } catch (error) {
      invite.querySelector('p.error').textContent = showProblem(invite, error) || '';
    }
  });
  show('Members',
    h('table', { id: 'members' }, h('thead', {}, h('tr', {}, h('th', {}, 'Email'), h('th', {}, 'Role'),
      h('th', {}, 'Joined'), h('th', {}, h('span', { class: 'muted' }, 'Actions')))), h('tbody', {}, rows)),
    h('h2', {}, 'Pending invitations'),
    invitations.items.length ? h('ul', {}, invitations.items.map((i) => h('li', {}, `${i.email} (${i.role})`)))
      : h('p', { class: 'muted' }, 'None.'),
    invite);
}

async function changeRole(member, role) {
  await guarded(() => api('PATCH', `/tenants/me/members/${member.userId}`, { role }), 'Role changed');
  membersScreen();
}

async function removeMember(member) {
  if (!window.confirm(`Remove ${member.email}?`)) return;
  await guarded(() => api('DELETE', `/tenants/me/members/${member.userId}`), 'Member removed');
  membersScreen();
}

async function settingsScreen() {
  const show = painter();
  const tenant = await api('GET', '/tenants/me');
  const form = h('form', { class: 'panel', id: 'settings' }, field('Shop name', 'name', { value: tenant.name }),
    h('p', { class: 'error', role: 'alert' }), h('button', { type: 'submit' }, 'Save'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('PATCH', '/tenants/me', { name: form.name.value });
      await loadMe();
      renderChrome();
      announce('Saved');
    } catch (error) {
      form.querySelector('p.error').textContent = showProblem(form, error) || '';
    }
  });
  const face = await storefrontForm();
  show('Storefront settings', h('p', {}, h('a', { href: `/shops/${tenant.slug}`, id: 'view-shop' }, 'View shop')),
    form, face);
}

const MAX_LINKS = 5;

/** The storefront configuration: title, tagline, logo (an uploaded image), accent colour, SEO text, links. */
async function storefrontForm() {
  const [{ body: config, etag }, library] = await Promise.all([
    api('GET', '/tenants/me/storefront-config', undefined, { withHeaders: true }),
    api('GET', '/tenants/me/media?limit=100').then((page) => page.items.filter((m) => m.status === 'ready'))]);
  let version = etag;
  const logoOptions = () => [['', '(no logo)'], ...library.map((m) => [m.id, m.filename])];
  const logo = field('Logo', 'logoMediaId', { options: logoOptions(), value: config.logoMediaId || '' });
  const logoFile = h('input', { id: 'logo-file', type: 'file', accept: IMAGE_TYPES });
  const logoUploads = h('ul', { class: 'uploads' });
  logoFile.addEventListener('change', async () => {
    const file = logoFile.files[0];
    logoFile.value = '';
    if (!file) return;
    const progress = uploadProgress(file);
    logoUploads.replaceChildren(progress.row);
    try {
      const media = await uploadImage(file, progress.update);
      library.unshift(media);
      const select = form.elements.logoMediaId;
      select.replaceChildren(...logoOptions().map(([v, t]) => h('option', { value: v }, t)));
      select.value = media.id;
      progress.row.replaceChildren(h('span', {}, `${file.name} uploaded; save to use it`));
    } catch (error) {
      progress.row.replaceChildren(h('span', { class: 'error' }, `${file.name}: ${error.message}`));
    }
  });
  const useAccent = h('input', { id: 'use-accent', name: 'useAccent', type: 'checkbox',
    checked: Boolean(config.accentColor) });
  const links = Array.from({ length: MAX_LINKS }, (_, i) => {
    const link = (config.links || [])[i] || {};
    return h('div', { class: 'row link-row' },
      field(`Link ${i + 1} label`, `links[${i}].label`, { value: link.label || '' }),
      field(`Link ${i + 1} URL (https)`, `links[${i}].url`, { type: 'url', value: link.url || '' }));
  });
  const form = h('form', { class: 'panel', id: 'storefront-config' }, h('h2', {}, 'Storefront'),
    field('Title', 'title', { value: config.title, required: true }),
    field('Tagline', 'tagline', { value: config.tagline || '' }),
    logo, h('label', { for: 'logo-file' }, 'Upload a new logo'), logoFile, logoUploads,
    h('div', { class: 'row' }, useAccent, h('label', { for: 'use-accent', class: 'inline' }, 'Own accent colour')),
    field('Accent colour', 'accentColor', { type: 'color', value: config.accentColor || '#2f5d8a' }),
    field('Description for search engines', 'seoDescription', { multiline: true, value: config.seoDescription || '' }),
    h('fieldset', {}, h('legend', {}, 'Links'), links),
    h('div', { id: 'storefront-message', role: 'alert' }),
    h('button', { type: 'submit' }, 'Save storefront'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = form.querySelector('#storefront-message');
    message.replaceChildren();
    const body = {
      title: form.elements.title.value,
      tagline: form.elements.tagline.value,
      logoMediaId: form.elements.logoMediaId.value || null,
      accentColor: useAccent.checked ? form.elements.accentColor.value : null,
      seoDescription: form.elements.seoDescription.value,
      links: links.map((_, i) => ({ label: form.elements[`links[${i}].label`].value.trim(), url: form.elements[`links[${i}].url`].value.trim() }))
        .filter((l) => l.label || l.url),
    };
    try {
      const saved = await api('PUT', '/tenants/me/storefront-config', body, { ifMatch: version, withHeaders: true });
      version = saved.etag;
      showProblem(form, {});
      announce('Storefront saved');
    } catch (error) {
      if (error.status === 412) {
        message.replaceChildren(h('p', { class: 'conflict' },
          'The storefront was changed elsewhere. Your changes were not saved. ',
          h('button', { type: 'button', onclick: () => settingsScreen() }, 'Reload')));
        return;
      }
      const rest = showProblem(form, error);
      if (rest) message.replaceChildren(h('p', { class: 'error' }, rest));
    }
  });
  return form;
}

async function visitsScreen() {
  const show = painter();
  const visits = await api('GET', '/tenants/me/analytics/visits');
  show('Visits by source', visits.items.length
    ? h('table', { id: 'visits' }, h('thead', {}, h('tr', {}, ['Day', 'Source', 'Medium', 'Campaign', 'Visits']
      .map((t) => h('th', {}, t)))), h('tbody', {}, visits.items.map((v) => h('tr', {},
      [v.day, v.source || '–', v.medium || '–', v.campaign || '–', v.visits].map((t) => h('td', {}, t))))))
    : h('p', {}, 'No visits from tagged links in the last 30 days.'));
}

window.addEventListener('hashchange', route);

(async () => {
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    // Back from the Hosted UI: the code is single-use; take it out of the address bar and history at once.
    history.replaceState(null, '', location.pathname + location.hash);
    try {
      await finishHostedUi(params);
      await loadMe();
      location.hash = me.tenant ? '#/products' : '#/shops';
    } catch (error) {
      me = null;
      signInError = error.message;
    }
    return route();
  }
  if (await refresh()) {
    try {
      await loadMe();
    } catch {
      me = null;
    }
  }
  route();
})();
