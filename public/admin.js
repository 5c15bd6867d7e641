// The catalog pages' enhancements; without JavaScript the forms work as
// they are.
// - The product editor (a form with data-check) runs the catalog check on
//   the form while typing: the form is sent to its check address, nothing is
//   saved, and the list of findings is drawn again.
// - A catalog upload shows how far it got, then that the server checks it.

const lang = document.documentElement.lang === 'en' ? 'en' : 'de';
const words = {
  de: {
    checking: 'Prüfe …',
    checked: 'Geprüft, noch nicht gespeichert.',
    none: 'Die Prüfung findet nichts.',
    error: 'Fehler',
    warning: 'Hinweis',
    unreachable: 'Die Prüfung ist gerade nicht erreichbar; beim Speichern wird geprüft.',
    uploading: 'Wird hochgeladen',
    compiling: 'Hochgeladen; der Server prüft und übersetzt den Katalog …',
    failed: 'Das Hochladen hat nicht geklappt; bitte noch einmal.',
  },
  en: {
    checking: 'Checking …',
    checked: 'Checked, not saved yet.',
    none: 'The check finds nothing.',
    error: 'Error',
    warning: 'Warning',
    unreachable: 'The check cannot be reached right now; saving checks too.',
    uploading: 'Uploading',
    compiling: 'Uploaded; the server checks and compiles the catalog …',
    failed: 'The upload did not work; please try again.',
  },
}[lang];

function liveCheck(form) {
  const list = document.getElementById('findings');
  const status = document.querySelector('[data-check-status]');
  if (!list || !status) return;
  let timer;
  let sent = 0;

  const item = (kind, anchor, where, message, error) => {
    const li = document.createElement('li');
    if (error) li.className = 'refused';
    const strong = document.createElement('strong');
    strong.textContent = kind;
    const link = document.createElement('a');
    link.href = `#${anchor ?? ''}`;
    link.textContent = where;
    link.addEventListener('click', () => showPosition(anchor, message));
    li.append(strong, ': ', link, ` — ${message}`);
    return li;
  };

  const render = (answer) => {
    form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    const items = [];
    if (answer.field) {
      const field = document.getElementById(answer.field);
      if (field) field.setAttribute('aria-invalid', 'true');
      items.push(item(words.error, answer.field, answer.field, answer.message[lang], true));
    }
    for (const f of answer.findings) {
      items.push(item(f.error ? words.error : words.warning, f.anchor, f.path, f.message, f.error));
    }
    if (items.length === 0) {
      const li = document.createElement('li');
      li.className = 'applied';
      li.textContent = words.none;
      items.push(li);
    }
    list.replaceChildren(...items);
    status.textContent = words.checked;
  };

  const run = async () => {
    const mine = ++sent;
    status.textContent = words.checking;
    const body = new URLSearchParams(new FormData(form));
    body.delete('action');
    try {
      const response = await fetch(form.dataset.check, { method: 'POST', body });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const answer = await response.json();
      if (mine === sent) render(answer);
    } catch {
      if (mine === sent) status.textContent = words.unreachable;
    }
  };

  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  });
}

// A rule's syntax error names a line and column: put the cursor there.
function showPosition(anchor, message) {
  const at = /line (\d+), column (\d+)/.exec(message);
  const field = anchor && document.getElementById(`${anchor}.rule`);
  if (!at || !field) return;
  const lines = field.value.split('\n');
  const line = Math.min(Number(at[1]), lines.length) - 1;
  let offset = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0);
  offset += Math.max(0, Number(at[2]) - 1);
  setTimeout(() => {
    field.focus();
    field.setSelectionRange(offset, offset + 1);
  });
}

function uploadProgress(form) {
  const progress = document.createElement('progress');
  const status = document.createElement('p');
  status.className = 'hint';
  status.setAttribute('aria-live', 'polite');
  progress.max = 100;
  progress.hidden = true;
  form.append(progress, status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((e.loaded / e.total) * 100);
      progress.hidden = false;
      progress.value = percent;
      status.textContent = percent < 100 ? `${words.uploading}: ${percent} %` : words.compiling;
    });
    request.addEventListener('load', () => {
      if (request.status < 400) {
        window.location.assign(request.responseURL);
        return;
      }
      // A refusal is a whole page with the reason: show it.
      const page = new DOMParser().parseFromString(request.responseText, 'text/html');
      document.body.replaceWith(page.body);
    });
    request.addEventListener('error', () => {
      progress.hidden = true;
      status.textContent = words.failed;
    });
    status.textContent = `${words.uploading} …`;
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    request.send(new FormData(form));
  });
}

const editor = document.querySelector('form[data-check]');
if (editor) liveCheck(editor);
const upload = document.querySelector('form[data-upload]');
if (upload) uploadProgress(upload);
