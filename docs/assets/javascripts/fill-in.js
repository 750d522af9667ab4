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

  /** @param {string} s @returns {number} words, as macros/templates.py count_words */
  function countWords(s) { return (s.match(/\S+/g) || []).length; }
  /** @param {string} s @returns {number} non-blank lines, as count_lines */
  function countLines(s) {
    return s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/).filter(function (l) { return l.trim(); }).length;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /**
   * Fill tokens into segments: strings, or {ph: "[Label]"} for an empty field.
   * An optional part appears only when every field inside it is filled.
   */
  function fill(tokens, values, labels, out) {
    tokens.forEach(function (t) {
      if (typeof t === "string") out.push(t);
      else if ("f" in t) out.push(values[t.f] || { ph: "[" + (labels[t.f] || t.f) + "]" });
      else if (t.opt.every(function (x) { return typeof x === "string" || !("f" in x) || values[x.f]; })) fill(t.opt, values, labels, out);
    });
    return out;
  }
  function str(segs) { return segs.map(function (s) { return typeof s === "string" ? s : s.ph; }).join(""); }
  /** Render segments as text nodes, unfilled placeholders marked. */
  function nodes(segs) {
    return segs.map(function (s) { return typeof s === "string" ? s : h("span", { class: "ati-ph", text: s.ph }); });
  }

  /** "Interviewer's name" -> "the interviewer's name"; "Your name" -> "your name". */
  function phrase(label) {
    var l = label.replace(/\s*\(optional\)\s*$/i, "");
    var low = /^[A-Z][a-z]/.test(l) ? l.charAt(0).toLowerCase() + l.slice(1) : l;
    return /^(your|one|a|an|the|any|some|what|who|when|how|why|which|where)\b/i.test(l) ? low : "the " + low;
  }

  /** The fill-in form for one template. */
  class FillIn {
    /**
     * @param {HTMLElement} root the empty [data-module="ati-fill"] element
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
      /** Fields each panel member gets their own copy of. */
      this.own = {};
      if (this.panel) data.fields.forEach(function (f) { if (f.specific || /^interviewer/.test(f.name)) self.own[f.name] = 1; });
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

    build() {
      var self = this, d = this.data, pre = this.pre;
      var hid = pre + "-fill";
      this.summary = h("div", { class: "ati-fill__summary", role: "alert", tabindex: "-1", hidden: true });
      this.form = h("form", { class: "ati-fill__form", novalidate: true, "aria-labelledby": hid }, [this.summary]);
      d.fields.forEach(function (f) { if (!self.own[f.name]) self.form.append(self.field(f, null)); });
      if (this.panel) {
        this.peopleBox = h("div", { class: "ati-fill__people" });
        this.addBtn = h("button", { type: "button", class: "md-button", text: "Add another interviewer" });
        this.addBtn.addEventListener("click", function () { self.addPerson(true); });
        this.form.append(this.peopleBox, this.addBtn);
      }
      this.form.append(this.detailsBox());
      this.previews = h("div", { class: "ati-fill__previews" });
      this.live = h("div", { class: "ati-vh", role: "status" });
      this.root.append(
        h("h2", { id: hid, text: "Fill it in" }),
        h("p", { class: "ati-fill__privacy", text: "Type your details and the message below fills itself in. Nothing you type leaves your browser: no server sees it." }),
        this.form, this.previews, this.live);
      // On a phone the form is far down the page: offer a way straight to it. The target is the
      // form's container, which is in the page's HTML, so Material can scroll to it after a page swap.
      var meta = document.querySelector(".ati-meta");
      if (meta && this.root.id && !document.querySelector(".ati-fill__jump")) {
        meta.after(h("p", { class: "ati-fill__jump" }, [h("a", { href: "#" + this.root.id, text: "Fill in this template" })]));
      }
      this.addPerson(false);
      var saved = ATI.details.load();
      d.fields.forEach(function (f) {
        if (f.shared && saved[f.name]) self.ctl(f.name, self.people[0]).el.value = saved[f.name];
      });
      this.form.addEventListener("input", function (e) { self.onInput(e.target); });
      this.form.addEventListener("submit", function (e) { e.preventDefault(); });
      this.summary.addEventListener("click", function (e) {
        var a = e.target.closest("a"), target = a && document.getElementById(a.getAttribute("href").slice(1));
        if (!target) return;
        e.preventDefault();
        e.stopPropagation(); // Material's instant navigation would follow the link
        target.focus();
        target.scrollIntoView({ block: "center" });
      });
      this.updateAll();
    }

    /** The "remember" and "clear" controls for shared details. */
    detailsBox() {
      var self = this, id = this.pre + "-remember";
      var box = h("input", { type: "checkbox", id: id, "aria-describedby": id + "-hint" });
      box.checked = ATI.details.remembered();
      box.addEventListener("change", function () {
        ATI.details.setRemember(box.checked);
        self.saveShared();
        status.textContent = box.checked ? "Your details will be kept on this device until you clear them." : "Your details will be forgotten when you close this tab.";
      });
      var clear = h("button", { type: "button", class: "md-button", text: "Clear my details" });
      var status = h("p", { class: "ati-fill__status", role: "status" });
      clear.addEventListener("click", function () {
        ATI.details.clear();
        box.checked = false;
        self.byEl.forEach(function (c) {
          if (c.f.shared && (!c.p || c.p === self.people[0])) c.el.value = "";
        });
        self.updateAll();
        status.textContent = "Your details have been cleared from this browser.";
      });
      return h("div", { class: "ati-fill__details" }, [
        h("div", { class: "ati-fill__check" }, [box, h("label", { for: id, text: "Remember my details on this device" })]),
        h("p", { class: "ati-fill__hint", id: id + "-hint", text: "Your name, the interviewer, the job, the organisation and the date fill in other templates for you. They stay in this tab until you close it. Tick the box only on your own computer." }),
        clear, status]);
    }

    /**
     * Label, hint, error slot and control for one field.
     * @param {Object} f the field from the data block
     * @param {Object|null} p the panel member it belongs to, or null if common
     */
    field(f, p) {
      var id = this.pre + "-" + f.name + (p && p.n > 1 ? "-" + p.n : "");
      var optional = !f.required && !/\(optional\)/i.test(f.label) ? " (optional)" : "";
      var example = f.kind === "date" ? ATI.formatDate(f.example, this.data.locale) : f.example;
      var hint = (f.hint ? f.hint + " " : "") + (example ? "For example: " + example : "");
      var el;
      if (f.kind === "long-text") el = h("textarea", { rows: 3 });
      else if (f.kind === "choice") {
        el = h("select", {}, [h("option", { value: "", text: "Choose an option" })]);
        f.options.forEach(function (o) { el.append(h("option", { value: o, text: o })); });
      } else el = h("input", { type: f.kind === "date" ? "date" : "text", autocomplete: f.name === "your_name" ? "name" : null });
      el.id = id;
      el.name = f.name;
      if (f.required) el.setAttribute("aria-required", "true");
      el.setAttribute("aria-describedby", id + "-hint");
      var c = {
        f: f, p: p, el: el,
        error: h("p", { class: "ati-fill__error", id: id + "-error", hidden: true }),
        group: h("div", { class: "ati-field" })
      };
      c.group.append(
        h("label", { for: id, class: "ati-fill__label", text: f.label + optional }),
        h("p", { class: "ati-fill__hint", id: id + "-hint", text: hint }),
        c.error, el);
      this.byEl.set(el, c);
      if (p) p.ctl[f.name] = c; else this.common[f.name] = c;
      return c.group;
    }

    ctl(name, p) { return this.own[name] ? p.ctl[name] : this.common[name]; }

    /** @returns {Object<string,string>} display values for one message */
    values(p) {
      var self = this, v = {};
      this.data.fields.forEach(function (f) {
        var x = self.ctl(f.name, p).el.value.trim();
        v[f.name] = x && f.kind === "date" ? ATI.formatDate(x, self.data.locale) : x;
      });
      return v;
    }

    /** Add a panel member (or the single reader of a normal template). */
    addPerson(focus) {
      var self = this, p = { n: ++this.serial, ctl: {} }, hid = this.pre + "-preview-" + p.n;
      if (this.panel) {
        p.legend = h("legend");
        p.box = h("fieldset", { class: "ati-fill__person" }, [p.legend]);
        this.data.fields.forEach(function (f) { if (self.own[f.name]) p.box.append(self.field(f, p)); });
        if (this.people.length) {
          var rm = h("button", { type: "button", class: "md-button", text: "Remove this interviewer" });
          rm.addEventListener("click", function () { self.removePerson(p); });
          p.box.append(rm);
        }
        this.peopleBox.append(p.box);
      }
      p.heading = h("h3", { id: hid });
      p.subject = h("span");
      p.body = h("div", { class: "ati-fill__body", id: hid + "-body", tabindex: "-1" });
      p.count = h("p", { class: "ati-fill__count", id: hid + "-count", tabindex: "-1" });
      p.dup = h("p", { class: "ati-fill__warning", hidden: true });
      p.status = h("p", { class: "ati-fill__status", role: "status" });
      p.mail = h("a", { class: "md-button", text: "Open in your email app" });
      p.actions = h("div", { class: "ati-fill__actions", role: "group", "aria-labelledby": hid });
      var act = function (label, fn, primary) {
        var b = h("button", { type: "button", class: "md-button" + (primary ? " md-button--primary" : ""), text: label });
        b.addEventListener("click", function () { if (self.check(p)) fn.call(self, p); });
        p.actions.append(b);
      };
      act("Copy message", this.copy, true);
      p.actions.append(p.mail);
      p.mail.addEventListener("click", function (e) {
        if (!self.check(p)) e.preventDefault();
        else self.say(p, "Your email app should open with the message in it. Add the address, then send. If nothing opens, copy the message instead.");
      });
      act("Download as a text file", this.download);
      if (this.data.channel === "letter") act("Print as a letter", this.print);
      // Hand the message, as it stands, to "Check your message" (same tab, nothing in the address).
      var checkBtn = h("button", { type: "button", class: "md-button", text: "Check this message" });
      checkBtn.addEventListener("click", function () {
        ATI.checker.handOff({ subject: p.subjectText, body: p.text, kind: self.kind(), channel: self.data.channel });
      });
      p.actions.append(checkBtn);
      p.view = h("section", { class: "ati-fill__preview", "aria-labelledby": hid }, [
        p.heading,
        this.data.parts.subjects.length ? h("p", { class: "ati-fill__subject" }, [h("strong", { text: "Subject: " }), p.subject]) : null,
        p.body, p.count, p.dup, p.actions, p.status]);
      this.people.push(p);
      this.previews.append(p.view);
      this.renumber();
      this.update(p);
      this.compare();
      if (focus) p.box.querySelector("input, textarea, select").focus();
      if (this.addBtn) this.addBtn.hidden = this.people.length >= MAX_PEOPLE;
    }

    removePerson(p) {
      var self = this;
      this.people.splice(this.people.indexOf(p), 1);
      Object.keys(p.ctl).forEach(function (k) { self.byEl.delete(p.ctl[k].el); });
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

    /** Reader typed in a control: save shared details, refresh previews, clear a fixed error. */
    onInput(el) {
      var c = this.byEl.get(el);
      if (!c) return;
      if (c.f.shared && (!c.p || c.p === this.people[0])) {
        var o = {};
        o[c.f.name] = el.value;
        ATI.details.save(o);
      }
      if (c.p) this.update(c.p); else this.updateAll();
      this.compare();
      if (!c.error.hidden && !this.problem(c)) this.clearError(c);
      this.announce(c.p || this.people[0]);
    }

    saveShared() {
      var self = this, o = {};
      this.data.fields.forEach(function (f) { if (f.shared) o[f.name] = self.ctl(f.name, self.people[0]).el.value; });
      ATI.details.save(o);
    }

    updateAll() { this.people.forEach(this.update, this); }

    /** Compose one message and show it; the same steps as macros/templates.py compose. */
    update(p) {
      var d = this.data, v = this.values(p), labels = this.labels;
      var pieces = PARTS.map(function (k) { return fill(d.parts[k], v, labels, []); });
      var body = [];
      pieces.forEach(function (s) { if (str(s)) { if (body.length) body.push("\n\n"); body.push.apply(body, s); } });
      var subject = d.parts.subjects.length ? fill(d.parts.subjects[0], v, labels, []) : [];
      p.subjectText = str(subject);
      p.text = str(body);
      p.full = p.subjectText ? p.subjectText + "\n\n" + p.text : p.text;
      p.subject.replaceChildren.apply(p.subject, nodes(subject));
      p.body.replaceChildren.apply(p.body, nodes(body));
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

    /** Panel: warn when two messages are the same or make the same point. */
    compare() {
      if (!this.panel) return;
      var self = this, people = this.people;
      people.forEach(function (p, i) {
        var msg = "";
        people.forEach(function (q, j) {
          if (i === j || msg) return;
          if (q.full === p.full) msg = "This message is the same as the one for interviewer " + (j + 1) + ".";
          else if (self.samePoint(p, q)) msg = "This message makes the same point as the one for interviewer " + (j + 1) + ".";
        });
        p.dup.textContent = msg && msg + " Panel members often compare notes, so mention something different to each person.";
        p.dup.hidden = !msg;
        p.dupText = msg;
      });
    }

    samePoint(p, q) {
      return this.data.fields.some(function (f) {
        var a = f.specific && p.ctl[f.name] && p.ctl[f.name].el.value.trim();
        return a && a === q.ctl[f.name].el.value.trim();
      });
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
      if (c.el.value.trim()) return "";
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
        if (msg) { errors.push({ id: c.el.id, msg: msg }); self.setError(c, msg); } else self.clearError(c);
      });
      if (p.over) {
        warnings.push({ id: p.count.id, msg: "Shorten the message: it has " + plural(p.words, "word") + " and " + plural(p.lines, "line") +
          " in the body, and we suggest " + this.data.limits.words + " words and " + this.data.limits.lines + " lines or fewer" });
      }
      if (p.dupText) warnings.push({ id: p.body.id, msg: p.dupText + " Change it so each person gets their own note" });
      var key = p.full + "\u0000" + p.dupText;
      if (!errors.length && (!warnings.length || this.warned === key)) {
        this.summary.hidden = true;
        return true;
      }
      this.warned = errors.length ? null : key;
      var list = h("ul");
      errors.concat(warnings).forEach(function (e) { list.append(h("li", {}, [h("a", { href: "#" + e.id, text: e.msg })])); });
      this.summary.replaceChildren(h("h3", { text: errors.length ? "There is a problem" : "Check your message" }), list);
      if (!errors.length) this.summary.append(h("p", { text: "To use the message as it is, select the same button again." }));
      this.summary.hidden = false;
      this.summary.focus();
      return false;
    }

    setError(c, msg) {
      c.error.replaceChildren(h("span", { class: "ati-vh", text: "Error: " }), msg);
      c.error.hidden = false;
      c.group.classList.add("ati-field--error");
      c.el.setAttribute("aria-invalid", "true");
      c.el.setAttribute("aria-describedby", c.el.id + "-hint " + c.error.id);
    }

    clearError(c) {
      if (c.error.hidden) return;
      c.error.hidden = true;
      c.group.classList.remove("ati-field--error");
      c.el.removeAttribute("aria-invalid");
      c.el.setAttribute("aria-describedby", c.el.id + "-hint");
      var link = this.summary.querySelector('a[href="#' + c.el.id + '"]');
      if (link) link.parentNode.remove();
      if (!this.summary.querySelector("li")) this.summary.hidden = true;
    }

    say(p, text) { p.status.textContent = text; }

    /** The checker's kind of message for this template (rules/draft-checks.yml kinds). */
    kind() {
      var d = this.data, tags = d.tags || [];
      if (tags.indexOf("thank-you") >= 0 && d.stage !== "after-rejection") return "thank-you";
      return { "straight-after": "thank-you", waiting: "check-in", "heard-nothing": "check-in",
        "after-rejection": "rejection", offer: "offer" }[d.stage] || (d.channel === "recruiter" ? "recruiter" : "other");
    }

    /** Copy subject and body; fall back to a selected text box where the Clipboard API fails. */
    copy(p) {
      var self = this, text = p.full;
      var done = function () { self.say(p, "Message copied. Paste it into your email or document."); };
      var fallback = function () {
        var ta = p.spare || (p.spare = h("textarea", { class: "ati-fill__spare", readonly: true, rows: 8, "aria-label": "Your message, selected for copying" }));
        ta.value = text;
        ta.hidden = false;
        p.actions.after(ta);
        ta.focus();
        ta.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        if (ok) { ta.hidden = true; p.actions.querySelector("button").focus(); done(); }
        else self.say(p, "Your browser blocked copying. The message is selected: press Ctrl+C (or Cmd+C on a Mac) to copy it.");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    }

    download(p) {
      var name = this.data.id + (this.panel ? "-" + (this.people.indexOf(p) + 1) : "") + ".txt";
      var url = URL.createObjectURL(new Blob([p.full], { type: "text/plain;charset=utf-8" }));
      var a = h("a", { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      this.say(p, "Downloaded " + name + ". Look in your downloads folder.");
    }

    /** Print only the letter: fill-in.css hides everything else while body has ati-print-letter. */
    print(p) {
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
  }

  /** Mount a form on every unmounted hook in the page. */
  function mountAll(doc) {
    (doc || document).querySelectorAll('[data-module="ati-fill"]').forEach(function (root) {
      if (root.hasAttribute("data-mounted")) return;
      root.setAttribute("data-mounted", "");
      var id = root.getAttribute("data-template-id"), tpl = root.querySelector("template");
      var blocks = (tpl ? tpl.content : document).querySelectorAll("script.ati-template-data");
      var block = Array.prototype.find.call(blocks, function (s) { return s.getAttribute("data-template-id") === id; });
      try {
        if (!block) throw new Error("no data block for template '" + id + "'");
        root.fillIn = new FillIn(root, JSON.parse(block.textContent));
      } catch (e) {
        console.error("ati-fill: could not build the form: " + e.message);
      }
    });
  }

  window.ATI.FillIn = FillIn;
  ATI.onPage(mountAll);
  // Where document$ never fires (an offline build opened from file://), start anyway.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { mountAll(document); });
})();
