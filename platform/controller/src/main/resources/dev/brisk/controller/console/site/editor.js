// The code editor: CodeMirror 5 (loaded as classic scripts before this module) on a labelled textarea.
// Keyboard: Tab indents; Escape then Tab leaves the editor, so it is no keyboard trap.

const MODES = {nodejs: 'javascript', python: 'python'};

export function modeFor(kind) {
  return MODES[String(kind).split(':')[0]] || null;
}

/** Turns the textarea into an editor; answers {value(), setValue(v), setKind(k), focus()}. */
export function codeEditor(textarea, kind) {
  const CodeMirror = window.CodeMirror;
  if (!CodeMirror) return plain(textarea); // the editor script failed to load: the textarea still works
  let escaped = false;
  const cm = CodeMirror.fromTextArea(textarea, {
    mode: modeFor(kind),
    lineNumbers: true,
    indentUnit: 2,
    tabSize: 2,
    matchBrackets: true,
    autoCloseBrackets: true,
    viewportMargin: Infinity,
    lineWrapping: true,
    screenReaderLabel: textarea.labels && textarea.labels[0] ? textarea.labels[0].textContent : 'Code',
    extraKeys: {
      Esc: () => { escaped = true; },
      Tab: ed => {
        if (escaped) return CodeMirror.Pass;
        ed.somethingSelected() ? ed.indentSelection('add') : ed.replaceSelection('  ', 'end');
        return undefined;
      },
      'Shift-Tab': ed => (escaped ? CodeMirror.Pass : ed.indentSelection('subtract')),
    },
  });
  cm.on('keydown', (ed, event) => {
    if (event.key !== 'Escape' && event.key !== 'Tab' && event.key !== 'Shift') escaped = false;
  });
  cm.on('blur', () => { escaped = false; });
  return {
    value: () => cm.getValue(),
    setValue: v => cm.setValue(v),
    setKind: k => cm.setOption('mode', modeFor(k)),
    focus: () => cm.focus(),
  };
}

function plain(textarea) {
  return {
    value: () => textarea.value,
    setValue: v => { textarea.value = v; },
    setKind: () => {},
    focus: () => textarea.focus(),
  };
}
