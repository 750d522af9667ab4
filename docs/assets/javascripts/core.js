/**
 * After the Interview: what the page scripts share. Loaded before them.
 *
 * - ATI.onPage(fn): run fn on every page view (Material's document$ re-emits
 *   after each instant navigation; falls back to DOMContentLoaded).
 * - ATI.mount(Component, start): GOV.UK Frontend's createAll. Each component
 *   is one class that declares its module name (Component.moduleName); start
 *   runs once on each element with that data-module, on every page view.
 * - ATI.formatDate(iso, locale): "21 November 2026" (en-GB) or
 *   "November 21, 2026" (en-US); matches macros/locale.py format_date.
 * - ATI.dateParts: GOV.UK's date input (macros/components.py date_input),
 *   read and checked the same way by the planner and the template form.
 * - ATI.text: words, lines and sentences, counted and split once for the
 *   template form and the checker, as macros/templates.py counts them
 *   (tests/text_cases.yml keeps the two in step).
 * - ATI.details: the reader's shared details (name, interviewer, role,
 *   organisation, interview date). Kept in sessionStorage for this tab only,
 *   unless the reader chooses "remember on this device" (localStorage).
 *   Nothing is ever sent anywhere.
 */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var KEY = "ati:details:v1";
  var REMEMBER = "ati:remember:v1";

  /** @param {Storage|undefined} store @param {string} key @returns {string|null} */
  function read(store, key) {
    try { return store ? store.getItem(key) : null; } catch (e) { return null; }
  }
  function write(store, key, value) {
    try { if (store) store.setItem(key, value); return true; } catch (e) { return false; }
  }
  function remove(store, key) {
    try { if (store) store.removeItem(key); } catch (e) { /* storage blocked: nothing to remove */ }
  }
  function session() { try { return window.sessionStorage; } catch (e) { return undefined; } }
  function local() { try { return window.localStorage; } catch (e) { return undefined; } }

  function parse(text) {
    if (!text) return {};
    try {
      var value = JSON.parse(text);
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) { return {}; }
  }

  var details = {
    /** @returns {boolean} whether the reader chose to remember details on this device */
    remembered: function () { return read(local(), REMEMBER) === "1"; },
    /** @returns {Object<string,string>} the saved details */
    load: function () {
      var saved = parse(read(session(), KEY));
      if (details.remembered()) {
        var kept = parse(read(local(), KEY));
        Object.keys(kept).forEach(function (k) { if (!(k in saved)) saved[k] = kept[k]; });
      }
      var out = {};
      Object.keys(saved).forEach(function (k) { if (typeof saved[k] === "string") out[k] = saved[k]; });
      return out;
    },
    /** Merge values into the saved details (empty strings remove a detail). */
    save: function (values) {
      var current = details.load();
      Object.keys(values).forEach(function (k) {
        if (values[k]) current[k] = String(values[k]); else delete current[k];
      });
      var text = JSON.stringify(current);
      write(session(), KEY, text);
      if (details.remembered()) write(local(), KEY, text);
    },
    /** Turn "remember on this device" on (copies details to localStorage) or off (removes them). */
    setRemember: function (on) {
      if (on) {
        write(local(), REMEMBER, "1");
        write(local(), KEY, JSON.stringify(details.load()));
      } else {
        remove(local(), REMEMBER);
        remove(local(), KEY);
      }
      plans.remembered(on);
    },
    /** Wipe every saved detail from this tab and this device. */
    clear: function () {
      remove(session(), KEY);
      remove(local(), KEY);
      remove(local(), REMEMBER);
      plans.clear();
      remove(local(), checker.keys.draft);
    }
  };

  // ---- ATI.plans: the planner's saved plans (planner.js) ----------------
  // A list of the reader's answers, one per application, under the same
  // rules as the details: this tab only, unless they chose "remember".
  // "Clear my details" (details.clear) removes them too.
  var PLANS = "ati:plans:v1";
  var plans = {
    /** @returns {Array<Object>} the saved plans' inputs */
    load: function () {
      var text = read(session(), PLANS);
      if (text === null && details.remembered()) text = read(local(), PLANS);
      try {
        var list = JSON.parse(text || "[]");
        return Array.isArray(list) ? list.filter(function (x) { return x && typeof x === "object"; }) : [];
      } catch (e) { return []; }
    },
    /** @param {Array<Object>} list replaces the saved list */
    save: function (list) {
      var text = JSON.stringify(list || []);
      write(session(), PLANS, text);
      if (details.remembered()) write(local(), PLANS, text);
    },
    /** Copy the list to this device (on) or remove the device's copy (off). */
    remembered: function (on) {
      if (on) write(local(), PLANS, JSON.stringify(plans.load()));
      else remove(local(), PLANS);
    },
    clear: function () {
      remove(session(), PLANS);
      remove(local(), PLANS);
    }
  };

  /**
   * @param {string} iso a date as YYYY-MM-DD
   * @param {string} locale "en-GB" or "en-US"
   * @param {boolean=} weekday include the day of the week
   * @returns {string} the date in words, or iso unchanged if it is not a real date
   */
  function formatDate(iso, locale, weekday) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return iso;
    var y = +m[1], mo = +m[2], d = +m[3];
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return iso;
    var day = weekday ? WEEKDAYS[date.getUTCDay()] : "";
    if (locale === "en-US") return (day ? day + ", " : "") + MONTHS[mo - 1] + " " + d + ", " + y;
    return (day ? day + " " : "") + d + " " + MONTHS[mo - 1] + " " + y;
  }

  // ---- ATI.dateParts: the Day / Month / Year boxes ----------------------
  var dateParts = {
    /**
     * Turn the three boxes of a GOV.UK date input into YYYY-MM-DD.
     * @param {string} day @param {string} month @param {string} year
     * @param {string} label how the error names the date, such as "Interview date"
     * @param {string} missing the message when every box is empty
     * @returns {{iso?: string, error?: string, parts?: string[], empty?: boolean}} parts names the boxes at fault
     */
    parse: function (day, month, year, label, missing) {
      var values = { day: String(day || "").trim(), month: String(month || "").trim(), year: String(year || "").trim() };
      var empty = ["day", "month", "year"].filter(function (k) { return !values[k]; });
      if (empty.length === 3) return { error: missing, parts: ["day", "month", "year"], empty: true };
      if (empty.length) return { error: label + " must include a " + empty.join(" and a "), parts: empty };
      var bad = ["day", "month", "year"].filter(function (k) { return !/^\d+$/.test(values[k]); });
      if (bad.length) return { error: label + " must be a real date", parts: bad };
      if (values.year.length !== 4) return { error: "Year must include 4 numbers", parts: ["year"] };
      var iso = values.year + "-" + ("0" + +values.month).slice(-2) + "-" + ("0" + +values.day).slice(-2);
      if (+values.month > 99 || +values.day > 99 || formatDate(iso, "en-GB") === iso) {
        return { error: label + " must be a real date", parts: ["day", "month", "year"] };
      }
      return { iso: iso };
    },
    /** @returns {string[]} [day, month, year] as typed in the boxes <prefix>-day, -month, -year */
    read: function (root, prefix) {
      return ["day", "month", "year"].map(function (k) {
        var box = (root || document).querySelector("#" + prefix + "-" + k);
        return box ? box.value : "";
      });
    },
    /** Put an ISO date (or "" to empty them) into the three boxes. */
    write: function (root, prefix, iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
      var v = m ? { day: String(+m[3]), month: String(+m[2]), year: m[1] } : { day: "", month: "", year: "" };
      Object.keys(v).forEach(function (k) {
        var box = (root || document).querySelector("#" + prefix + "-" + k);
        if (box) box.value = v[k];
      });
    }
  };

  function onPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { fn(document); });
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { fn(document); });
    } else {
      fn(document);
    }
  }

  /**
   * Start each element whose data-module is Component.moduleName, once, on
   * every page view. start(el, doc) builds the instance. An element that
   * started gets data-mounted (the one mark that a component runs; tests wait
   * for it); an error stops that element alone and says why in the console.
   */
  var tried = typeof WeakSet === "function" ? new WeakSet() : null;
  function mount(Component, start) {
    function all(doc) {
      doc.querySelectorAll('[data-module="' + Component.moduleName + '"]:not([data-mounted])').forEach(function (el) {
        if (tried) { if (tried.has(el)) return; tried.add(el); }
        try {
          start(el, doc);
          el.setAttribute("data-mounted", "");
        } catch (e) { console.error(Component.moduleName + ": could not start: " + e.message); }
      });
    }
    onPage(all);
    // Where document$ never fires (an offline build opened from file://), start anyway.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { all(document); });
  }

  // ---- ATI.checker.handOff: give a message to the "Check your message" page --
  // Any page can call it (the template form does); checker.js reads and deletes
  // the message. It goes to sessionStorage, never into the address, so it stays
  // out of history and server logs.
  var CHANNEL_OF_TEMPLATE = { email: "email", letter: "letter", recruiter: "message", phone: "phone" };
  var checker = {
    keys: { handoff: "ati:checker:handoff:v1", draft: "ati:checker:draft:v1" },
    /**
     * @param {{subject: string, body: string, kind: string, channel: string}} message
     * @param {string=} url the checker page; default: the first [data-ati-checker-url] (its value, or its href)
     * @returns {string} the address opened, or "" if none was found
     */
    handOff: function (message, url) {
      var m = message || {};
      write(session(), checker.keys.handoff, JSON.stringify({
        subject: String(m.subject || ""), body: String(m.body || ""), kind: m.kind || "",
        channel: CHANNEL_OF_TEMPLATE[m.channel] || m.channel || "" }));
      if (!url) {
        var link = document.querySelector("[data-ati-checker-url]");
        url = link ? (link.getAttribute("data-ati-checker-url") || link.getAttribute("href")) : "";
      }
      if (url) window.location.assign(url);
      return url || "";
    },
    channelOf: function (channel) { return CHANNEL_OF_TEMPLATE[channel] || channel; }
  };

  // ---- ATI.text: counting and splitting, the one place in JavaScript --------
  // Whitespace and line breaks are Python's (str.split, str.splitlines), so the
  // counts match macros/templates.py count_words, count_lines and sentences.
  // Each function returns [start, end] ranges, so callers can mark the text.
  var WS = "\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;
  var IS_WS = new RegExp("[" + WS + "]");
  var text = {
    /** @param {string} s @returns {Array<Array<number>>} each run of non-space characters */
    words: function (s) {
      var out = [], re = new RegExp("[^" + WS + "]+", "g"), m;
      while ((m = re.exec(s)) !== null) out.push([m.index, m.index + m[0].length]);
      return out;
    },
    /** @param {string} s @returns {Array<Array<number>>} each line with something on it, trimmed */
    lines: function (s) {
      var out = [], from = 0, m;
      BREAK.lastIndex = 0;
      do {
        m = BREAK.exec(s);
        var a = from, b = m ? m.index : s.length;
        while (a < b && IS_WS.test(s[a])) a++;
        while (b > a && IS_WS.test(s[b - 1])) b--;
        if (b > a) out.push([a, b]);
        if (m) from = m.index + m[0].length;
      } while (m);
      return out;
    },
    /** @param {string} s @returns {Array<Array<number>>} sentences: each line split after . ! or ? and a space */
    sentences: function (s) {
      var out = [], re = new RegExp("[.!?]([" + WS + "]+)", "g");
      text.lines(s).forEach(function (line) {
        var chunk = s.slice(line[0], line[1]), start = line[0], m;
        re.lastIndex = 0;
        while ((m = re.exec(chunk)) !== null) {
          out.push([start, line[0] + m.index + 1]);
          start = line[0] + m.index + m[0].length;
        }
        if (start < line[1]) out.push([start, line[1]]);
      });
      return out;
    },
    countWords: function (s) { return text.words(s).length; },
    countLines: function (s) { return text.lines(s).length; }
  };

  window.ATI = { onPage: onPage, mount: mount, formatDate: formatDate, dateParts: dateParts, details: details, plans: plans, checker: checker,
    text: text };
})();
