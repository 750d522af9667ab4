/**
 * After the Interview: "Check your message" (docs/check.md).
 *
 * The checks are described once, in rules/draft-checks.yml; macros/checks.py
 * puts them in the page as JSON (div.ati-checker-data, attribute data-checks)
 * and this script runs them: a phrase rule ("test": "avoid" or "include")
 * from its data alone, the checks in OWN_CODE (macros/checks.py) by their
 * `case` in ownCode. The reader's text is only ever text: the marked
 * copy is built from text nodes and <mark> elements, never from HTML.
 * Nothing leaves the browser. The draft is stored only when the reader ticks
 * "remember" (the same choice as ATI.details), and "clear" removes both.
 *
 * Other pages hand a message over with ATI.checker.handOff, which lives in
 * core.js (this script loads only on the checker page):
 *
 *   ATI.checker.handOff({subject, body, kind, channel}, url?)
 *     Puts the message in sessionStorage under "ati:checker:handoff:v1" and
 *     opens the checker in the same tab. Nothing goes in the address. url
 *     defaults to the href of the first element with data-ati-checker-url.
 *     kind: thank-you | check-in | rejection | offer | recruiter | other
 *     channel: email | letter | message | phone (or a template channel:
 *     "recruiter" becomes "message"). The checker reads the message once
 *     and deletes it.
 *   ATI.checker.analyse(input, data) -> {findings, passed}: the checks alone
 *     (tests and scripts/bench_checker.py call it).
 */
(function () {
  "use strict";

  var HANDOFF = window.ATI.checker.keys.handoff;
  var DRAFT = window.ATI.checker.keys.draft;
  var L = "[\\p{L}\\p{N}]";

  function store(kind) { try { return window[kind]; } catch (e) { return undefined; } }
  function get(kind, key) { try { var s = store(kind); return s ? s.getItem(key) : null; } catch (e) { return null; } }
  function set(kind, key, value) { try { var s = store(kind); if (s) s.setItem(key, value); } catch (e) { /* blocked */ } }
  function del(kind, key) { try { var s = store(kind); if (s) s.removeItem(key); } catch (e) { /* blocked */ } }

  // ---------------------------------------------------------------- analysis

  /** Lower-case ASCII letters and straighten quotes, keeping every offset. */
  function fold(text) {
    return text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); })
      .replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
  }
  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&"); }
  function phraseRe(phrases, leftOnly) {
    if (!phrases.length) return null;
    var alt = phrases.map(function (p) { return escapeRe(fold(p)).replace(/ /g, "\\s+"); }).join("|");
    return new RegExp("(?<!" + L + ")(?:" + alt + ")" + (leftOnly ? "" : "(?!" + L + ")"), "gu");
  }
  function all(re, text, offset) {
    var out = [], m;
    if (!re) return out;
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === "") { re.lastIndex++; continue; }
      out.push([m.index + offset, m.index + offset + m[0].length]);
    }
    return out;
  }
  // Counting and splitting: ATI.text (core.js), shared with the template form.
  var lines = window.ATI.text.lines;
  var sentences = window.ATI.text.sentences;

  var GREETING = /^(dear|hi|hello|hey|good (morning|afternoon|evening)|to)(?![\p{L}])/u;
  var SIGN_OFF = /^(kind regards|best regards|warm regards|warmest regards|regards|many thanks|thanks again|thanks|thank you|best wishes|all the best|best|sincerely|yours sincerely|yours faithfully|yours truly|respectfully|cheers)\b[,.!]?/;
  var NAME = /^[\p{L}][\p{L}'\u2019.\-]*(\s+[\p{L}][\p{L}'\u2019.\-]*){0,4}$/u;

  /** Where the greeting and the sign-off are, so length counts only the body between them. */
  function shape(body, low) {
    var ls = lines(body), greeting = null, signoff = null, name = null;
    if (ls.length && GREETING.test(low.slice(ls[0][0], ls[0][1]))) greeting = ls[0];
    var last = ls.length ? ls[ls.length - 1] : null;
    if (last && ls.length > (greeting ? 1 : 0)) {
      var lastText = body.slice(last[0], last[1]), lastLow = low.slice(last[0], last[1]);
      var one = SIGN_OFF.exec(lastLow);
      if (one && NAME.test(lastText.slice(one[0].length).trim())) { signoff = last; name = last; }
      else if (NAME.test(lastText) && !SIGN_OFF.test(lastLow) && ls.length >= 2) {
        var prev = ls[ls.length - 2], prevLow = low.slice(prev[0], prev[1]);
        if (SIGN_OFF.test(prevLow) || /,$/.test(prevLow)) { signoff = prev; name = last; }
      }
    }
    var start = greeting ? greeting[1] : 0, end = signoff ? signoff[0] : body.length;
    return { lines: ls, greeting: greeting, signoff: signoff, name: name, bodyStart: start, bodyEnd: Math.max(start, end) };
  }

  var compiled = typeof WeakMap === "function" ? new WeakMap() : null;
  function prepare(data) {
    var cached = compiled && compiled.get(data);
    if (cached) return cached;
    var prep = { res: {}, left: {}, repeated: {}, sentences: [] };
    data.checks.forEach(function (c) {
      prep.res[c.id] = phraseRe(c.phrases, false);
      prep.left[c.id] = phraseRe(c.phrases, true);
      prep.repeated[c.id] = c.repeated.map(function (p) { return phraseRe([p], false); });
    });
    prep.sentences = data.sentences.map(function (s) {
      var pieces = s.p.map(function (p) { return escapeRe(fold(p)).replace(/ /g, "\\s+"); });
      return { t: s.t, re: new RegExp("^" + pieces.join("\\s*\\S.*?\\s*") + "$", "u") };
    });
    prep.locale = {};
    ["en-GB", "en-US"].forEach(function (loc, i) {
      var wrong = data.localeWords.map(function (pair) { return pair[1 - i]; });
      prep.locale[loc] = { re: phraseRe(wrong, false), pairs: data.localeWords, index: i };
    });
    if (compiled) compiled.set(data, prep);
    return prep;
  }

  /* The plain phrase rules (rules/draft-checks.yml, "test: avoid | include"): the rule's data is the whole rule. */
  var PHRASE_TESTS = {
    avoid: function (m, c) {
      var ranges = all(m.prep.res[c.id], m.low, 0);
      m.prep.repeated[c.id].forEach(function (re) { var r = all(re, m.low, 0); if (r.length > 1) ranges = ranges.concat(r); });
      return ranges.length ? { ranges: ranges } : null;
    },
    include: function (m, c) {
      if (all(m.prep.res[c.id], m.low, 0).length) return null;
      return { found: "The checker found none of the words it looks for." };
    }
  };

  /* The rules that need code of their own, by id (checks.py OWN_CODE names the same ids).
     Each takes the draft as read by readDraft() and its rule; it returns null when the draft
     passes, else {ranges, found, notes}. */
  var OWN_CHECKS = {
    length: function (m) {
      var sh = m.sh, limit = m.data.limits[m.input.channel], part = m.body.slice(sh.bodyStart, sh.bodyEnd);
      var words = window.ATI.text.words(part).map(function (w) { return w[0] + sh.bodyStart; });
      var bodyLines = lines(part).map(function (l) { return [l[0] + sh.bodyStart, l[1] + sh.bodyStart]; });
      if (words.length <= limit.words && bodyLines.length <= limit.lines) return null;
      var from = Math.min(words.length > limit.words ? words[limit.words] : Infinity,
        bodyLines.length > limit.lines ? bodyLines[limit.lines][0] : Infinity);
      return { ranges: [m.shift([from, sh.bodyEnd])],
        found: "Between the greeting and the sign-off it has " + words.length + " words and " + bodyLines.length +
          " lines; this site keeps to " + limit.words + " words and " + limit.lines + " lines for this channel." };
    },
    greeting: function (m, c) {
      if (!m.sh.lines.length) return { found: "There is no greeting." };
      var first = m.sh.lines[0], firstLow = m.bodyLow.slice(first[0], first[1]);
      var ranges = all(m.prep.res[c.id], firstLow, first[0]);
      if (ranges.length && ranges[0][0] === first[0]) return { ranges: [m.shift(ranges[0])], found: "The greeting is not to a named person." };
      if (!m.sh.greeting) return { ranges: [m.shift(first)], found: "The message does not start with a greeting, such as \"Dear Ms Patel,\"." };
      var rest = firstLow.replace(GREETING, "").replace(/[\s,:;!.]/g, "");
      if (!/\p{L}/u.test(rest)) return { ranges: [m.shift(first)], found: "The greeting has no name in it." };
      return null;
    },
    "interview-when": function (m, c) {
      if (/\b\d{1,2}[\/.]\d{1,2}\b/.test(m.low)) return null;  // a date such as 18/11
      return PHRASE_TESTS.include(m, c);
    },
    specific: function (m, c) {
      if (m.input.specific || all(m.prep.res[c.id], m.bodyLow, 0).length) return null;
      return { found: "The checker found none of the words that usually introduce a specific point. It may be wrong: tick the box if your message has one." };
    },
    placeholders: function (m) {
      var ranges = all(/\[[^\]\n]{0,80}\]|\{[^}\n]{0,80}\}|<[^>\n]{0,80}>|(?<![\p{L}\p{N}])xxx+(?![\p{L}\p{N}])/gu, m.low, 0);
      return ranges.length ? { ranges: ranges } : null;
    },
    "template-sentence": function (m) {
      var notes = [];
      sentences(m.body).forEach(function (s) {
        var sentence = m.bodyLow.slice(s[0], s[1]).replace(/\s+/g, " ");
        var hit = m.prep.sentences.filter(function (p) { return p.re.test(sentence); })[0];
        if (!hit) return;
        var t = m.data.templates[hit.t] || { title: hit.t, url: "" };
        notes.push({ range: m.shift(s), text: "Word for word from the template \u201C" + t.title + "\u201D.", url: t.url, template: hit.t });
      });
      return withNotes(notes);
    },
    "sign-off": function (m) {
      if (m.sh.name) return null;
      var last = m.sh.lines.length ? m.sh.lines[m.sh.lines.length - 1] : null;
      return { ranges: last ? [m.shift(last)] : [], found: "The last line does not look like a name after a sign-off." };
    },
    subject: function (m, c) {
      if (!m.subject) return { found: "There is no subject line." };
      if (all(m.prep.left[c.id], fold(m.subject), 0).length) return null;
      return { ranges: [[9, 9 + m.subject.length]], found: "The subject line does not say what the message is." };
    },
    locale: function (m) {
      var loc = m.prep.locale[m.input.locale] || m.prep.locale[m.data.locale];
      return withNotes(all(loc.re, m.low, 0).map(function (r) {
        var word = m.low.slice(r[0], r[1]);
        var pair = loc.pairs.filter(function (p) { return fold(p[1 - loc.index]) === word; })[0];
        return { range: r, text: "\u201C" + m.text.slice(r[0], r[1]) + "\u201D: write \u201C" + (pair ? pair[loc.index] : "") + "\u201D." };
      }));
    }
  };

  function withNotes(notes) {
    return notes.length ? { ranges: notes.map(function (n) { return n.range; }), notes: notes } : null;
  }

  /** The draft, read once for every check: the subject line (email only) heads the marked copy. */
  function readDraft(input, data) {
    var subject = input.channel === "email" ? (input.subject || "").replace(/\s+/g, " ").trim() : "";
    var head = subject ? "Subject: " + subject + "\n\n" : "";
    var body = input.body || "", text = head + body, low = fold(text), off = head.length, bodyLow = low.slice(off);
    return { input: input, data: data, prep: prepare(data), subject: subject, body: body, text: text, low: low,
      bodyLow: bodyLow, sh: shape(body, bodyLow), shift: function (r) { return [r[0] + off, r[1] + off]; } };
  }

  /**
   * @param {{subject:string, body:string, kind:string, channel:string, locale:string, specific:boolean}} input
   * @param {Object} data the page's data block
   * @returns {{text:string, findings:Array, passed:Array}} text is the marked copy's text;
   *   each finding is {id, level, title, fix, why, url, ranges:[[start,end]], notes:[{range, text, url}]}.
   */
  function analyse(input, data) {
    var m = readDraft(input, data), findings = [], passed = [];
    data.checks.forEach(function (c) {
      if (c.kinds.indexOf(input.kind) < 0 || c.channels.indexOf(input.channel) < 0) return;
      var test = PHRASE_TESTS[c.test] || OWN_CHECKS[c.id];
      var res = test ? test(m, c) : null;
      if (res) findings.push({ id: c.id, level: c.level, title: c.title, fix: res.fix || c.fix, why: c.why, url: c.url,
        ranges: res.ranges || [], notes: res.notes || [], found: res.found || "" });
      else passed.push({ id: c.id, title: c.title, note: c.id === "specific" && input.specific ? "you ticked the box" : "" });
    });
    return { text: m.text, findings: findings, passed: passed };
  }

  // ---------------------------------------------------------------- the page

  /** Fill el with text, wrapping each range of each finding in <mark>. Text nodes only. */
  function markCopy(el, text, findings) {
    while (el.firstChild) el.removeChild(el.firstChild);
    var cuts = [0, text.length], cover = [];
    findings.forEach(function (f, i) {
      f.ranges.forEach(function (r) { if (r[1] > r[0]) { cuts.push(r[0], r[1]); cover.push([r[0], r[1], i]); } });
    });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    for (var k = 0; k + 1 < cuts.length; k++) {
      var s = cuts[k], e = cuts[k + 1], piece = document.createTextNode(text.slice(s, e));
      var hits = cover.filter(function (c) { return c[0] <= s && c[1] >= e; });
      if (!hits.length) { el.appendChild(piece); continue; }
      var mark = document.createElement("mark");
      var level = hits.some(function (h) { return findings[h[2]].level === "problem"; }) ? "problem" : "suggestion";
      mark.className = "ati-ck-mark ati-ck-mark--" + level;
      mark.setAttribute("data-findings", hits.map(function (h) { return findings[h[2]].id; }).join(" "));
      mark.appendChild(piece);
      el.appendChild(mark);
    }
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /** A text node or an element with text: the findings list is built from these, never from HTML. */
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }
  function quote(s, max) { return "\u201C" + (s.length > max ? s.slice(0, max - 3) + "\u2026" : s) + "\u201D"; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /**
   * The checker component: div[data-module="ati-checker"] (macros/checks.py
   * renders its HTML; checker.css beside this file styles it). The form is on
   * screen from the first paint; this class enables it, restores a handed-over
   * or remembered draft, and shows the findings.
   */
  class Checker {
    constructor(root, data) {
      this.data = data;
      this.$ = function (id) { return root.getElementById ? root.getElementById(id) : document.getElementById(id); };
      this.form = this.$("ck-form");
      this.body = this.$("ck-body");
      this.subject = this.$("ck-subject");
      this.result = this.$("ck-result");
      this.remember = this.$("ck-remember");
      this.details = window.ATI && window.ATI.details;
      this.dismissed = {};
      this.checked = false;
      // Enhance, never move: the button was disabled until now.
      this.$("ck-check").disabled = false;
      this.remember.checked = !!(this.details && this.details.remembered());
      var got = this.restoreDraft();
      this.showSubject();
      this.bind();
      if (got && this.body.value.trim()) { this.checked = true; this.render(false); }
    }

    // ---- the form's values
    radio(name) { var r = this.form.querySelector('input[name="' + name + '"]:checked'); return r ? r.value : ""; }
    setRadio(name, value) { var r = this.form.querySelector('input[name="' + name + '"][value="' + value + '"]'); if (r) r.checked = true; }
    input() {
      return { subject: this.subject.value, body: this.body.value, kind: this.radio("ck-kind"), channel: this.radio("ck-channel"),
        locale: this.radio("ck-locale") || this.data.locale, specific: this.$("ck-specific").checked };
    }
    showSubject() { this.$("ck-subject-field").hidden = this.radio("ck-channel") !== "email"; }

    // ---- storage: a hand-off (read once), or a draft kept only when the reader ticked "remember"
    restoreDraft() {
      var handed = get("sessionStorage", HANDOFF);
      del("sessionStorage", HANDOFF);
      return this.restore(handed) || (this.remember.checked && this.restore(get("localStorage", DRAFT)));
    }
    restore(saved) {
      if (!saved) return false;
      try { saved = JSON.parse(saved); } catch (e) { return false; }
      if (!saved || typeof saved !== "object") return false;
      if (typeof saved.subject === "string") this.subject.value = saved.subject;
      if (typeof saved.body === "string") this.body.value = saved.body;
      if (saved.kind) this.setRadio("ck-kind", saved.kind);
      if (saved.channel) this.setRadio("ck-channel", window.ATI.checker.channelOf(saved.channel));
      if (saved.locale) this.setRadio("ck-locale", saved.locale);
      return true;
    }
    save() {
      if (this.details && this.details.remembered()) set("localStorage", DRAFT, JSON.stringify(this.input()));
    }

    // ---- the results
    render(focus) {
      var self = this, res = analyse(this.input(), this.data);
      var shown = res.findings.filter(function (f) { return !(f.level === "suggestion" && self.dismissed[f.id]); });
      // Problems first, then suggestions, each in the rules file's order.
      shown = shown.filter(function (f) { return f.level === "problem"; }).concat(shown.filter(function (f) { return f.level !== "problem"; }));
      var problems = shown.filter(function (f) { return f.level === "problem"; }).length;
      this.result.hidden = false;
      var summary = shown.length
        ? plural(problems, "problem") + ", " + plural(shown.length - problems, "suggestion")
        : "No problems or suggestions. " + plural(res.passed.length, "check") + " passed.";
      var sumEl = this.$("ck-summary");
      if (sumEl.textContent !== summary) sumEl.textContent = summary;
      markCopy(this.$("ck-copy"), res.text, shown);
      var list = this.$("ck-findings");
      clear(list);
      shown.forEach(function (f) { list.appendChild(self.finding(f, res.text)); });
      this.renderPassed(res);
      if (focus) this.$("ck-summary-heading").focus();
    }
    finding(f, text) {
      var self = this, li = el("li", "ati-ck-finding ati-ck-finding--" + f.level);
      li.setAttribute("data-check", f.id);
      var h = el("h4");
      h.appendChild(el("strong", "ati-ck-tag ati-ck-tag--" + f.level, f.level === "problem" ? "Problem" : "Suggestion"));
      h.appendChild(document.createTextNode(" " + f.title));
      li.appendChild(h);
      if (f.found) li.appendChild(el("p", "", f.found));
      if (f.ranges.length && !f.notes.length) {
        li.appendChild(el("p", "", "Marked: " + f.ranges.slice(0, 6).map(function (r) { return quote(text.slice(r[0], r[1]), 60); }).join(", ") +
          (f.ranges.length > 6 ? " and " + (f.ranges.length - 6) + " more" : "")));
      }
      if (f.notes.length) li.appendChild(this.notes(f, text));
      var fix = el("p", "", "How to fix it: " + f.fix + " ");
      var more = el("a", "", "Why this matters");
      more.href = f.url;
      // The topic in the link's name, visually hidden: every finding has one of these links.
      more.appendChild(el("span", "ati-vh", ": " + f.title));
      fix.appendChild(more);
      li.appendChild(fix);
      if (f.level === "suggestion") {
        var b = el("button", "md-button ati-ck-dismiss", "Dismiss this suggestion");
        b.type = "button";
        b.setAttribute("aria-label", "Dismiss: " + f.title);
        b.addEventListener("click", function () { self.dismissed[f.id] = true; self.render(false); self.$("ck-summary-heading").focus(); });
        li.appendChild(b);
      }
      return li;
    }
    notes(f, text) {
      var data = this.data, ul = el("ul");
      f.notes.forEach(function (n) {
        var item = el("li"), s = text.slice(n.range[0], n.range[1]);
        if (n.template) {
          item.appendChild(document.createTextNode(quote(s, 80) + " is word for word from the template "));
          var a = el("a", "", data.templates[n.template].title);
          a.href = n.url;
          a.setAttribute("data-template", n.template);
          item.appendChild(a);
          item.appendChild(document.createTextNode("."));
        } else item.textContent = n.text;
        ul.appendChild(item);
      });
      return ul;
    }
    renderPassed(res) {
      var self = this, ok = this.$("ck-passed");
      clear(ok);
      res.passed.concat(res.findings.filter(function (f) { return f.level === "suggestion" && self.dismissed[f.id]; })
        .map(function (f) { return { id: f.id, title: f.title, note: "dismissed" }; })).forEach(function (p) {
        var li = el("li", "", p.title + (p.note ? " (" + p.note + ")" : ""));
        li.setAttribute("data-check", p.id);
        ok.appendChild(li);
      });
    }
    showError(on) {
      this.$("ck-errors").hidden = !on;
      this.$("ck-body-error").hidden = !on;
      this.body.closest(".ati-ck-field").classList.toggle("ati-ck-field--error", on);
      if (on) this.body.setAttribute("aria-invalid", "true"); else this.body.removeAttribute("aria-invalid");
      this.body.setAttribute("aria-describedby", on ? "ck-body-hint ck-body-error" : "ck-body-hint");
    }

    // ---- events
    bind() {
      var self = this;
      this.form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        if (!self.body.value.trim()) { self.showError(true); self.result.hidden = true; self.checked = false; self.$("ck-errors").focus(); return; }
        self.showError(false);
        self.checked = true;
        self.render(true);
      });
      this.form.addEventListener("input", function (ev) {
        if (ev.target === self.remember) return;
        self.showSubject();
        self.save();
        if (self.checked && self.body.value.trim()) self.render(false);
      });
      this.form.addEventListener("change", function (ev) {
        if (ev.target !== self.remember) return;
        if (self.details) self.details.setRemember(self.remember.checked);
        if (self.remember.checked) self.save(); else del("localStorage", DRAFT);
      });
      this.$("ck-clear").addEventListener("click", function () { self.clearAll(); });
      // stopPropagation: Material's instant navigation would reload the page for a same-page link.
      this.$("ck-errors").querySelector("a").addEventListener("click", function (ev) {
        ev.preventDefault(); ev.stopPropagation(); self.body.focus();
      });
    }
    clearAll() {
      if (this.details) this.details.clear(); else del("localStorage", DRAFT);
      this.remember.checked = false;
      this.subject.value = ""; this.body.value = "";
      this.dismissed = {}; this.checked = false;
      this.result.hidden = true; this.showError(false);
      this.body.focus();
    }
  }
  Checker.moduleName = "ati-checker";

  /** Each checker component, once; its data is the page's .ati-checker-data block. */
  function start(host, doc) {
    var dataEl = doc.querySelector(".ati-checker-data");
    if (!dataEl) throw new Error("the page has no .ati-checker-data block");
    var data = JSON.parse(dataEl.getAttribute("data-checks"));
    new Checker(doc, data);
  }

  var ATI = window.ATI = window.ATI || {};
  ATI.checker = ATI.checker || {};
  ATI.checker.analyse = analyse;  // handOff and keys live in core.js
  ATI.mount(Checker, start);
})();
