/**
 * After the Interview: the fill-in form on every template page.
 *
 * Mounts one FillIn on each [data-module="ati-fill"] element. Everything
 * template-specific comes from the JSON block macros/render.py writes inside
 * it, in an inert <template> (script.ati-template-data): fields, limits, locale, tags and the
 * pre-tokenised parts (strings, {f: name}, {opt: [tokens]}). The message is
 * composed exactly as macros/templates.py compose/fill do.
 *
 * Without JavaScript the static message stays; this script adds the form.
 * Reader text is only ever set with textContent or value. Nothing is sent
 * anywhere: shared details go to ATI.details (this tab unless remembered).
 */
(function () {
  "use strict";

  var ATI = window.ATI;
  var PARTS = ["greeting", "body", "closing"];
  var MAX_PEOPLE = 8;

  /**
   * Create an element. attrs: attributes (true = empty, null/false = none),
   * "text" sets textContent. Children: nodes or strings (added as text).
   * @returns {HTMLElement}
   */
  function h(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (k === "text") e.textContent = v;
      else if (v != null && v !== false) e.setAttribute(k, v === true ? "" : v);
    });
    (kids || []).forEach(function (c) { if (c) e.append(c); });
    return e;
  }

  // Words and lines, counted as macros/templates.py counts them: ATI.text (core.js).
  var countWords = ATI.text.countWords;
  var countLines = ATI.text.countLines;
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /**
   * Fill tokens into segments: strings, or {ph: "[Label]"} for an empty field.
   * An optional part appears only when every field inside it is filled.
   */
  function fill(tokens, values, labels, out) {
    tokens.forEach(function (t) {
      if (typeof t === "string") out.push(t);
      else if ("f" in t) out.push(values[t.f] || { ph: "[" + (labels[t.f] || t.f) + "]", f: t.f });
      else if (t.opt.every(function (x) { return typeof x === "string" || !("f" in x) || values[x.f]; })) fill(t.opt, values, labels, out);
    });
    return out;
  }
  function str(segs) { return segs.map(function (s) { return typeof s === "string" ? s : s.ph; }).join(""); }
  /**
   * Render segments as text nodes, unfilled placeholders marked: as links to
   * their fields when link(name) gives an id, or as plain marks.
   */
  function nodes(segs, link) {
    return segs.map(function (s) {
      if (typeof s === "string") return s;
      var id = link && link(s.f);
      return id ? h("a", { class: "ati-ph", href: "#" + id, text: s.ph }) : h("span", { class: "ati-ph", text: s.ph });
    });
  }

  /**
   * A deep copy of node with ids renamed: every id, for, name, aria-* and
   * data-field value equal to a pair's first item, or starting with it and "-",
   * starts with the second instead.
   */
  function renamed(node, pairs) {
    var copy = node.cloneNode(true);
    var fix = function (v) {
      return v.split(" ").map(function (tok) {
        for (var i = 0; i < pairs.length; i++) {
          var from = pairs[i][0];
          if (tok === from || tok.indexOf(from + "-") === 0) return pairs[i][1] + tok.slice(from.length);
        }
        return tok;
      }).join(" ");
    };
    [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("*"))).forEach(function (el) {
      ["id", "for", "name", "aria-describedby", "aria-labelledby", "data-field", "data-date-input"].forEach(function (a) {
        if (el.hasAttribute(a)) el.setAttribute(a, fix(el.getAttribute(a)));
      });
      if (el.tagName === "A" && /^#/.test(el.getAttribute("href") || "")) el.setAttribute("href", "#" + fix(el.getAttribute("href").slice(1)));
    });
    return copy;
  }

  /** "Interviewer's name" -> "the interviewer's name"; "Your name" -> "your name". */
  function phrase(label) {
    var l = label.replace(/\s*\(optional\)\s*$/i, "");
    var low = /^[A-Z][a-z]/.test(l) ? l.charAt(0).toLowerCase() + l.slice(1) : l;
    return /^(your|one|a|an|the|any|some|what|who|when|how|why|which|where)\b/i.test(l) ? low : "the " + low;
  }

  /** The fill-in form for one template. */
  /**
   * GOV.UK's error pattern for the form: each field's message, red bar and
   * aria-invalid, and the summary above the form that links to them.
   * Errors block; warnings (too long, same as another) block once.
   */
  class ErrorSummary {
    /** @param {HTMLElement} el the summary box @param {function} date reads a date field's parts (FillIn.date) */
    constructor(el, date) { this.el = el; this.date = date; this.warned = null; }

    /**
     * Mark a field in error: the message between hint and control, a red bar and border.
     * @param {string[]=} parts for a date, the boxes at fault (default: all)
     * @returns {string} the id the error summary links to (a date's first box at fault)
     */
    mark(c, msg, parts) {
      c.error.replaceChildren(h("span", { class: "ati-vh", text: "Error: " }), msg);
      c.error.hidden = false;
      c.group.classList.add("ati-field--error");
      var bad = c.inputs;
      if (c.f.kind === "date") {
        parts = parts || this.date(c).parts || ["day", "month", "year"];
        bad = c.inputs.filter(function (el) { return parts.indexOf(el.getAttribute("data-date-part")) >= 0; });
        if (!bad.length) bad = c.inputs;
        c.inputs.forEach(function (el) { el.removeAttribute("aria-invalid"); });
        c.box.setAttribute("aria-describedby", c.id + "-hint " + c.error.id);
      } else c.el.setAttribute("aria-describedby", c.id + "-hint " + c.error.id);
      bad.forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
      return bad[0].id;
    }

    unmark(c) {
      if (c.error.hidden) return;
      c.error.hidden = true;
      c.group.classList.remove("ati-field--error");
      c.inputs.forEach(function (el) { el.removeAttribute("aria-invalid"); });
      (c.box || c.el).setAttribute("aria-describedby", c.id + "-hint");
      var summary = this.el;
      c.inputs.forEach(function (el) {
        var link = summary.querySelector('a[href="#' + el.id + '"]');
        if (link) link.parentNode.remove();
      });
      if (!summary.querySelector("li")) summary.hidden = true;
    }

    /**
     * @param {Array<{id:string,msg:string}>} errors @param {Array<{id:string,msg:string}>} warnings
     * @param {string} key the message as it stands: the same warnings for the same message block only once
     * @returns {boolean} whether to go ahead
     */
    report(errors, warnings, key) {
      if (!errors.length && (!warnings.length || this.warned === key)) {
        this.el.hidden = true;
        return true;
      }
      this.warned = errors.length ? null : key;
      var list = h("ul");
      errors.concat(warnings).forEach(function (e) { list.append(h("li", {}, [h("a", { href: "#" + e.id, text: e.msg })])); });
      this.el.replaceChildren(h("h3", { text: errors.length ? "There is a problem" : "Check your message" }), list);
      if (!errors.length) this.el.append(h("p", { text: "To use the message as it is, select the same button again." }));
      this.el.hidden = false;
      this.el.focus();
      return false;
    }
  }

  class FillIn {
    /**
     * @param {HTMLElement} root the [data-module="ati-fill"] element; its form,
     *   message and buttons are in the page's HTML (macros/render.py): this wires them up
     * @param {Object} data the parsed template data block
     */
    constructor(root, data) {
      var self = this;
      this.root = root;
      this.data = data;
      this.pre = "ati-" + data.id;
      this.labels = {};
      data.fields.forEach(function (f) { self.labels[f.name] = f.label; });
      this.panel = (data.tags || []).indexOf("panel") >= 0;
      /** Fields each panel member gets their own copy of: the page's list (macros/render.py panel_own_fields). */
      this.own = {};
      (data.panelOwn || []).forEach(function (name) { self.own[name] = 1; });
      /** Fields used outside an optional part: leaving them empty leaves a gap. */
      this.outside = {};
      var top = data.parts.subjects.slice(0, 1);
      PARTS.forEach(function (k) { top.push(data.parts[k]); });
      top.forEach(function (toks) { toks.forEach(function (t) { if (t.f) self.outside[t.f] = 1; }); });
      this.common = {};
      this.byEl = new Map();
      this.people = [];
      this.serial = 0;
      this.build();
    }

    $(sel) { return this.root.querySelector(sel); }

    build() {
      var self = this, d = this.data;
      this.form = this.$(".ati-fill__form");
      this.summary = this.$(".ati-fill__summary");
      this.errors = new ErrorSummary(this.summary, function (c) { return self.date(c); });
      this.previews = this.$(".ati-fill__previews");
      this.subjectIndex = 0;
      this.options = Array.prototype.slice.call(this.form.querySelectorAll(".ati-fill__choice label"));
      this.form.querySelectorAll(".ati-fill__subjects input[type='radio']").forEach(function (radio) {
        if (radio.checked) self.subjectIndex = +radio.value;
        radio.addEventListener("change", function () { self.subjectIndex = +radio.value; self.updateAll(); self.compare(); });
      });
      this.live = h("div", { class: "ati-vh", role: "status" });
      this.root.append(this.live);
      d.fields.forEach(function (f) { if (!self.own[f.name]) self.wire(f, null, self.form); });
      this.peopleBox = this.$(".ati-fill__people");
      this.addBtn = this.$(".ati-fill__add");
      if (this.addBtn) this.addBtn.addEventListener("click", function () { self.addPerson(true); });
      this.details();
      this.addPerson(false);
      var saved = ATI.details.load();
      d.fields.forEach(function (f) {
        if (f.shared && saved[f.name]) self.setRaw(self.ctl(f.name, self.people[0]), saved[f.name]);
      });
      this.form.addEventListener("input", function (e) { self.onInput(e.target); });
      this.form.addEventListener("focusout", function (e) { self.onLeave(e); });
      this.form.addEventListener("submit", function (e) { e.preventDefault(); });
      var jump = function (e) {
        var a = e.target.closest("a[href^='#']"), target = a && document.getElementById(a.getAttribute("href").slice(1));
        if (!target) return;
        e.preventDefault();
        e.stopPropagation(); // Material's instant navigation would follow the link
        if (target.tagName === "FIELDSET") target = target.querySelector("input");
        target.focus();
        target.scrollIntoView({ block: "center" });
      };
      this.summary.addEventListener("click", jump);
      // A placeholder still in brackets in the message is a link to its field.
      this.previews.addEventListener("click", function (e) { if (e.target.closest("a.ati-ph")) jump(e); });
      this.updateAll();
    }

    /** The "remember" and "clear" controls for shared details. */
    details() {
      var self = this, box = this.$("#" + this.pre + "-remember"), clear = this.$('[data-action="clear"]');
      var status = this.$(".ati-fill__details .ati-fill__status");
      box.checked = ATI.details.remembered();
      box.addEventListener("change", function () {
        ATI.details.setRemember(box.checked);
        self.saveShared();
        status.textContent = box.checked ? "Your details will be kept on this device until you clear them." : "Your details will be forgotten when you close this tab.";
      });
      clear.addEventListener("click", function () {
        ATI.details.clear();
        box.checked = false;
        self.byEl.forEach(function (c) {
          if (c.f.shared && (!c.p || c.p === self.people[0])) self.setRaw(c, "");
        });
        self.updateAll();
        status.textContent = "Your details have been cleared from this browser.";
      });
    }

    /**
     * Wire up one field already in the page.
     * @param {Object} f the field from the data block
     * @param {Object|null} p the panel member it belongs to, or null if common
     * @param {Element} scope where its HTML is
     */
    wire(f, p, scope) {
      var id = this.pre + "-" + f.name + (p && p.n > 1 ? "-" + p.n : "");
      var group = scope.querySelector('[data-field="' + id + '"]');
      if (!group) throw new Error("no field " + id + " in the page");
      var c = { f: f, p: p, id: id, group: group, error: group.querySelector(".ati-fill__error") };
      if (f.kind === "date") {
        c.box = group.querySelector("fieldset");
        c.inputs = Array.prototype.slice.call(group.querySelectorAll("input"));
        c.el = c.inputs[0];
      } else {
        c.el = group.querySelector("#" + id);
        c.inputs = [c.el];
      }
      var self = this;
      c.inputs.forEach(function (el) { self.byEl.set(el, c); });
      if (p) p.ctl[f.name] = c; else this.common[f.name] = c;
      return c;
    }

    ctl(name, p) { return this.own[name] ? p.ctl[name] : this.common[name]; }

    /** A date field's boxes, checked: {iso} or {error, parts, empty}. */
    date(c) {
      return ATI.dateParts.parse.apply(null, ATI.dateParts.read(c.group, c.id).concat([
        c.f.label.replace(/\s*\(optional\)\s*$/i, ""), "Enter " + phrase(c.f.label)]));
    }

    /** @returns {string} what the reader gave (a date as YYYY-MM-DD, or "" until it is a real date) */
    raw(c) {
      if (c.f.kind === "date") return this.date(c).iso || "";
      return c.el.value.trim();
    }

    setRaw(c, value) {
      if (c.f.kind === "date") ATI.dateParts.write(c.group, c.id, value);
      else c.el.value = value;
    }

    /** @returns {Object<string,string>} display values for one message */
    values(p) {
      var self = this, v = {};
      this.data.fields.forEach(function (f) {
        var x = self.raw(self.ctl(f.name, p));
        v[f.name] = x && f.kind === "date" ? ATI.formatDate(x, self.data.locale) : x;
      });
      return v;
    }

    /**
     * Add a panel member (or the single reader of a normal template). The first
     * one's fields and message are in the page; each later one is a copy of them
     * with its own ids.
     */
    addPerson(focus) {
      var self = this, p = { n: ++this.serial, ctl: {}, subjectIndex: 0 };
      var first = this.people[0];
      if (!first) {
        p.box = this.$(".ati-fill__person");
        p.view = this.$(".ati-fill__preview");
      } else {
        p.box = renamed(first.box, this.ownIds(p.n));
        p.view = renamed(first.view, this.previewIds(p.n));
        p.box.querySelectorAll("input, textarea, select").forEach(function (el) { if (el.type !== "radio") el.value = ""; });
        p.box.querySelectorAll(".ati-field--error").forEach(function (g) { g.classList.remove("ati-field--error"); });
        p.box.querySelectorAll(".ati-fill__error").forEach(function (e) { e.hidden = true; e.replaceChildren(); });
        p.box.querySelectorAll("[aria-invalid]").forEach(function (e) {
          e.removeAttribute("aria-invalid");
          e.setAttribute("aria-describedby", (e.closest("[data-field]").getAttribute("data-field")) + "-hint");
        });
        p.view.querySelectorAll(".ati-fill__status").forEach(function (e) { e.textContent = ""; });
        var rm = h("button", { type: "button", class: "md-button", text: "Remove this interviewer" });
        rm.addEventListener("click", function () { self.removePerson(p); });
        p.box.append(rm);
        this.peopleBox.append(p.box);
        this.previews.append(p.view);
      }
      if (this.panel) {
        p.legend = p.box.querySelector("legend");
        this.data.fields.forEach(function (f) { if (self.own[f.name]) self.wire(f, p, p.box); });
      }
      p.heading = p.view.querySelector("h2, h3");
      p.subject = p.view.querySelector(".ati-fill__subject > span");
      p.body = p.view.querySelector(".ati-fill__body");
      p.count = p.view.querySelector(".ati-fill__count");
      p.dup = p.view.querySelector(".ati-fill__warning");
      p.status = p.view.querySelector(".ati-fill__status");
      p.actions = p.view.querySelector(".ati-fill__actions");
      p.mail = p.actions.querySelector('[data-action="mail"]');
      var act = function (name, fn) {
        var b = p.actions.querySelector('[data-action="' + name + '"]');
        if (b) b.addEventListener("click", function () { if (self.check(p)) fn(); });
      };
      var say = function (text) { self.say(p, text); };
      act("copy", function () { copyMessage(p, say); });
      act("download", function () {
        downloadMessage(p, self.data.id + (self.panel ? "-" + (self.people.indexOf(p) + 1) : "") + ".txt", say);
      });
      act("print", function () { printMessage(p); });
      p.mail.addEventListener("click", function (e) {
        if (!self.check(p)) e.preventDefault();
        else self.say(p, "Your email app should open with the message in it. Add the address, then send. If nothing opens, copy the message instead.");
      });
      // Hand the message, as it stands, to "Check your message" (same tab, nothing in the address).
      p.actions.querySelector('[data-action="check"]').addEventListener("click", function () {
        ATI.checker.handOff({ subject: p.subjectText, body: p.text, kind: checkerKind(self.data), channel: self.data.channel });
      });
      this.people.push(p);
      this.renumber();
      this.update(p);
      this.compare();
      if (focus) p.box.querySelector("input, textarea, select").focus();
      if (this.addBtn) this.addBtn.hidden = this.people.length >= MAX_PEOPLE;
    }

    /** id renames for panel member n's copy of the fields */
    ownIds(n) {
      var pre = this.pre;
      return Object.keys(this.own).map(function (name) { return [pre + "-" + name, pre + "-" + name + "-" + n]; });
    }

    previewIds(n) { return [[this.pre + "-preview-1", this.pre + "-preview-" + n]]; }

    removePerson(p) {
      var self = this;
      this.people.splice(this.people.indexOf(p), 1);
      Object.keys(p.ctl).forEach(function (k) { p.ctl[k].inputs.forEach(function (el) { self.byEl.delete(el); }); });
      p.box.remove();
      p.view.remove();
      this.renumber();
      this.compare();
      this.addBtn.hidden = false;
      this.addBtn.focus();
      this.live.textContent = "Interviewer removed. " + plural(this.people.length, "message") + " left.";
    }

    renumber() {
      var panel = this.panel;
      this.people.forEach(function (p, i) {
        if (p.legend) p.legend.textContent = "Interviewer " + (i + 1);
        p.heading.textContent = panel ? "Message for interviewer " + (i + 1) : "Your message";
      });
    }

    /** Leaving a date's boxes: say now if it is not a real date (every other field keeps its value). */
    onLeave(e) {
      var c = this.byEl.get(e.target);
      if (!c || c.f.kind !== "date" || (e.relatedTarget && c.group.contains(e.relatedTarget))) return;
      var d = this.date(c);
      if (d.error && !d.empty) this.errors.mark(c, d.error, d.parts);
      else if (!d.error) this.errors.unmark(c);
    }

    /** Reader typed in a control: save shared details, refresh previews, clear a fixed error. */
    onInput(el) {
      var c = this.byEl.get(el);
      if (!c) return;
      if (c.f.shared && (!c.p || c.p === this.people[0])) {
        var o = {};
        o[c.f.name] = this.raw(c);
        // A date half typed is not saved yet, so a saved one is not lost while the reader types.
        if (c.f.kind !== "date" || o[c.f.name] || this.date(c).empty) ATI.details.save(o);
      }
      if (c.p) this.update(c.p); else this.updateAll();
      this.compare();
      if (!c.error.hidden && !this.problem(c)) this.errors.unmark(c);
      this.announce(c.p || this.people[0]);
    }

    saveShared() {
      var self = this, o = {};
      this.data.fields.forEach(function (f) { if (f.shared) o[f.name] = self.raw(self.ctl(f.name, self.people[0])); });
      ATI.details.save(o);
    }

    updateAll() { this.people.forEach(this.update, this); }

    /** Compose one message and show it; the same steps as macros/templates.py compose. */
    update(p) {
      var d = this.data, v = this.values(p), labels = this.labels;
      var pieces = PARTS.map(function (k) { return fill(d.parts[k], v, labels, []); });
      var body = [];
      pieces.forEach(function (s) { if (str(s)) { if (body.length) body.push("\n\n"); body.push.apply(body, s); } });
      var subjects = d.parts.subjects.map(function (toks) { return fill(toks, v, labels, []); });
      var subject = subjects[this.subjectIndex] || subjects[0] || [];
      if (p === this.people[0]) this.options.forEach(function (label, i) { label.replaceChildren.apply(label, nodes(subjects[i])); });
      var self = this, link = function (name) { var c = self.ctl(name, p); return c && (c.box || c.el).id; };
      p.subjectText = str(subject);
      p.text = str(body);
      p.full = p.subjectText ? p.subjectText + "\n\n" + p.text : p.text;
      // Only when it changed: replacing a placeholder link under the pointer would swallow its click.
      var key = JSON.stringify([subject, body]);
      if (key !== p.shown) {
        p.shown = key;
        if (p.subject) p.subject.replaceChildren.apply(p.subject, nodes(subject, link));
        p.body.replaceChildren.apply(p.body, nodes(body, link));
      }
      var main = str(pieces[1]), lim = d.limits;
      p.words = countWords(main);
      p.lines = countLines(main);
      p.over = p.words > lim.words || p.lines > lim.lines;
      p.count.textContent = plural(p.words, "word") + " and " + plural(p.lines, "line") + " in the body. Aim for " +
        lim.words + " words and " + lim.lines + " lines or fewer." + (p.over ? " This is longer than we suggest." : "");
      p.count.classList.toggle("ati-fill__count--over", p.over);
      p.mail.href = "mailto:?" + (p.subjectText ? "subject=" + encodeURIComponent(p.subjectText) + "&" : "") +
        "body=" + encodeURIComponent(p.text);
    }

    /** Politely announce the word count once the reader pauses. */
    announce(p) {
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () {
        var text = (self.panel ? "Message " + (self.people.indexOf(p) + 1) + ": " : "") + p.count.textContent;
        if (self.live.textContent !== text) self.live.textContent = text;
      }, 1200);
    }

    /** @returns {string} the instruction for a field that needs attention, or "" */
    problem(c) {
      var f = c.f;
      if (f.kind === "date") {
        var d = this.date(c);
        if (!d.empty) return d.error || "";
      } else if (c.el.value.trim()) return "";
      var what = phrase(f.label);
      if (f.required) return (f.kind === "choice" ? "Select " : "Enter ") + what;
      if (f.specific) return "Enter " + what + ": one detail from the interview makes the message yours";
      if (this.outside[f.name]) return "Enter " + what + ": the message has a gap for it";
      return "";
    }

    /**
     * Run the checks for one message before it leaves the page.
     * Errors block; warnings (too long, same as another) block once.
     * @returns {boolean} whether to go ahead
     */
    check(p) {
      var self = this, errors = [], warnings = [];
      this.data.fields.forEach(function (f) {
        var c = self.ctl(f.name, p), msg = self.problem(c);
        if (msg) { errors.push({ id: self.errors.mark(c, msg), msg: msg }); } else self.errors.unmark(c);
      });
      if (p.over) {
        warnings.push({ id: p.count.id, msg: "Shorten the message: it has " + plural(p.words, "word") + " and " + plural(p.lines, "line") +
          " in the body, and we suggest " + this.data.limits.words + " words and " + this.data.limits.lines + " lines or fewer" });
      }
      if (p.dupText) warnings.push({ id: p.body.id, msg: p.dupText + " Change it so each person gets their own note" });
      return this.errors.report(errors, warnings, p.full + "\u0000" + p.dupText);
    }

    say(p, text) { p.status.textContent = text; }

    /** Panel: warn when two messages are the same or make the same point. */
    compare() {
      if (this.panel) panelWarnings(this.people, this.data.fields);
    }
  }

  // ---- What a finished message can do: pure functions of the message, not of the form.

  /** Panel: mark each message that repeats another, or makes the same specific point. */
  function panelWarnings(people, fields) {
    function samePoint(p, q) {
      return fields.some(function (f) {
        var a = f.specific && p.ctl[f.name] && p.ctl[f.name].el.value.trim();
        return a && q.ctl[f.name] && a === q.ctl[f.name].el.value.trim();
      });
    }
    people.forEach(function (p, i) {
      var msg = "";
      people.forEach(function (q, j) {
        if (i === j || msg) return;
        if (q.full === p.full) msg = "This message is the same as the one for interviewer " + (j + 1) + ".";
        else if (samePoint(p, q)) msg = "This message makes the same point as the one for interviewer " + (j + 1) + ".";
      });
      p.dup.textContent = msg && msg + " Panel members often compare notes, so mention something different to each person.";
      p.dup.hidden = !msg;
      p.dupText = msg;
    });
  }

  /** The checker's kind of message for a template (rules/draft-checks.yml kinds). */
  function checkerKind(d) {
    var tags = d.tags || [];
    if (tags.indexOf("thank-you") >= 0 && d.stage !== "after-rejection") return "thank-you";
    return { "straight-after": "thank-you", waiting: "check-in", "heard-nothing": "check-in",
      "after-rejection": "rejection", offer: "offer" }[d.stage] || (d.channel === "recruiter" ? "recruiter" : "other");
  }

  /** Copy subject and body; fall back to a selected text box where the Clipboard API fails. */
  function copyMessage(p, say) {
    var text = p.full;
    var done = function () { say("Message copied. Paste it into your email or document."); };
    var fallback = function () {
      var ta = p.spare || (p.spare = h("textarea", { class: "ati-input ati-fill__spare", readonly: true, rows: 8, "aria-label": "Your message, selected for copying" }));
      ta.value = text;
      ta.hidden = false;
      p.actions.after(ta);
      ta.focus();
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      if (ok) { ta.hidden = true; p.actions.querySelector("button").focus(); done(); }
      else say("Your browser blocked copying. The message is selected: press Ctrl+C (or Cmd+C on a Mac) to copy it.");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  function downloadMessage(p, name, say) {
    var url = URL.createObjectURL(new Blob([p.full], { type: "text/plain;charset=utf-8" }));
    var a = h("a", { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say("Downloaded " + name + ". Look in your downloads folder.");
  }

  /** Print only the letter: fill-in.css hides everything else while body has ati-print-letter. */
  function printMessage(p) {
    var old = document.querySelector("body > .ati-letter");
    if (old) old.remove();
    var letter = h("div", { class: "ati-letter" }, [p.text]);
    var end = function () {
      letter.remove();
      document.body.classList.remove("ati-print-letter");
      window.removeEventListener("afterprint", end);
    };
    document.body.append(letter);
    document.body.classList.add("ati-print-letter");
    window.addEventListener("afterprint", end);
    window.print();
  }

  FillIn.moduleName = "ati-fill";
  window.ATI.FillIn = FillIn;
  ATI.mount(FillIn, function (root) {
    var id = root.getAttribute("data-template-id"), tpl = root.querySelector("template");
    var blocks = (tpl ? tpl.content : document).querySelectorAll("script.ati-template-data");
    var block = Array.prototype.find.call(blocks, function (s) { return s.getAttribute("data-template-id") === id; });
    if (!block) throw new Error("no data block for template '" + id + "'");
    root.fillIn = new FillIn(root, JSON.parse(block.textContent));
  });
})();
