/**
 * The static local application an admin uploads once (reference
 * "a static local app, no server at all"): Bitrix24 hosts
 * the zip, and inside the portal's frame the JS SDK calls REST with the
 * application's authorization, so `bizproc.workflow.template.add` works
 * without any server of ours. `install.html` installs the templates and then
 * calls `BX24.installFinish()`; `index.html` shows the state and can install
 * what is missing later.
 */
import { toBase64 } from './bpt-codec';
import { createZip } from './create-zip';
import { dynamicDocumentType } from './dynamic-document-type';
import { encodeStarterTemplate, starterTemplateFileName } from './generate-starter-templates';
import type { StarterTemplate } from './template-types';

/** What the installer app carries. */
export interface InstallerAppInput {
  title: string;
  language: 'ru' | 'en';
  entityTypeId: number;
  templates: readonly StarterTemplate[];
}

/** The payload each page sends, one entry per template (exported for tests and the report). */
export interface InstallerPayload {
  DOCUMENT_TYPE: [string, string, string];
  NAME: string;
  DESCRIPTION: string;
  AUTO_EXECUTE: string;
  TEMPLATE_DATA: [string, string];
}

/** The `bizproc.workflow.template.add` payloads the installer pages embed. */
export function installerPayloads(input: InstallerAppInput): InstallerPayload[] {
  return input.templates.map((template) => ({
    DOCUMENT_TYPE: dynamicDocumentType(input.entityTypeId),
    NAME: template.name,
    DESCRIPTION: template.description,
    AUTO_EXECUTE: template.autoExecute,
    TEMPLATE_DATA: [starterTemplateFileName(template), toBase64(encodeStarterTemplate(template))],
  }));
}

const TEXT = {
  ru: {
    heading: 'Стартовая автоматизация',
    intro: 'Устанавливает стартовые бизнес-процессы смарт-процесса. Роботов на стадии добавьте по чек-листу — REST этого не умеет.',
    working: 'Установка…',
    installed: 'установлен',
    already: 'уже был установлен',
    failed: 'ошибка',
    done: 'Готово.',
    retry: 'Повторить',
    finish: 'Завершить установку',
  },
  en: {
    heading: 'Starter automation',
    intro: 'Installs the starter workflows of the smart process. Add stage robots by the checklist — REST cannot place them.',
    working: 'Installing…',
    installed: 'installed',
    already: 'was already installed',
    failed: 'failed',
    done: 'Done.',
    retry: 'Retry',
    finish: 'Finish installation',
  },
};

/** Text safe inside `<script type="application/json">`: no `</script>` or `<!--` can close it. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Plain ES2017 in the page: it runs in whatever browser the admin uses.
const PAGE_SCRIPT = `
(function () {
  var config = JSON.parse(document.getElementById('spm-config').textContent);
  var text = config.text;
  var log = document.getElementById('spm-log');
  var status = document.getElementById('spm-status');
  var actions = document.getElementById('spm-actions');
  function line(message, kind) {
    var li = document.createElement('li');
    li.textContent = message;
    if (kind) li.className = kind;
    log.appendChild(li);
  }
  function call(method, params) {
    return new Promise(function (resolve, reject) {
      BX24.callMethod(method, params, function (result) {
        var error = result.error();
        if (error) reject(new Error(String(error) + (result.error_description ? ': ' + result.error_description() : '')));
        else resolve(result.data());
      });
    });
  }
  function button(label, onClick) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    actions.appendChild(b);
  }
  function run() {
    status.textContent = text.working;
    log.textContent = '';
    actions.textContent = '';
    var failures = 0;
    var documentType = config.payloads.length > 0 ? config.payloads[0].DOCUMENT_TYPE[2] : '';
    return call('bizproc.workflow.template.list', { SELECT: ['ID', 'NAME'], FILTER: { DOCUMENT_TYPE: documentType } })
      .then(function (rows) {
        var existing = {};
        (rows || []).forEach(function (row) { existing[row.NAME] = row.ID; });
        return config.payloads.reduce(function (chain, payload) {
          return chain.then(function () {
            if (existing[payload.NAME] !== undefined) { line(payload.NAME + ' — ' + text.already, 'ok'); return; }
            return call('bizproc.workflow.template.add', payload).then(
              function (id) { line(payload.NAME + ' — ' + text.installed + ' (ID ' + id + ')', 'ok'); },
              function (error) { failures += 1; line(payload.NAME + ' — ' + text.failed + ': ' + error.message, 'error'); }
            );
          });
        }, Promise.resolve());
      })
      .catch(function (error) { failures += 1; line(text.failed + ': ' + error.message, 'error'); })
      .then(function () {
        status.textContent = failures === 0 ? text.done : text.failed;
        if (config.finish && failures === 0) { BX24.installFinish(); return; }
        if (failures > 0) button(text.retry, run);
        if (config.finish && failures > 0) button(text.finish, function () { BX24.installFinish(); });
      });
  }
  BX24.init(run);
})();
`;

/** One page of the app; `finish` makes it the install page. */
export function installerPage(input: InstallerAppInput, finish: boolean): string {
  const text = TEXT[input.language];
  const config = { finish, text, payloads: installerPayloads(input) };
  return `<!DOCTYPE html>
<html lang="${input.language}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(text.heading)} — ${escapeHtml(input.title)}</title>
<script src="//api.bitrix24.com/api/v1/"></script>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:24px;color:#333}li.ok{color:#2a7a2a}li.error{color:#b00020}button{margin-right:8px}</style>
</head>
<body>
<h1>${escapeHtml(text.heading)} — ${escapeHtml(input.title)}</h1>
<p>${escapeHtml(text.intro)}</p>
<p id="spm-status"></p>
<ul id="spm-log"></ul>
<div id="spm-actions"></div>
<script type="application/json" id="spm-config">${jsonForScript(config)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** The installer app zip: `index.html` and `install.html` at the root, as a static local app expects. */
export function buildInstallerApp(input: InstallerAppInput): Uint8Array {
  return createZip([
    { name: 'index.html', data: installerPage(input, false) },
    { name: 'install.html', data: installerPage(input, true) },
  ]);
}
