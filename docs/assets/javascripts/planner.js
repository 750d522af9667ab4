/**
 * After the Interview: the follow-up planner.
 *
 * The page (macros/planner.py) holds a form, a table of the rules and a JSON
 * block with the rules from rules/timing.yml. This script is the only place
 * dates are worked out:
 *
 * - ATIPlanner.schedule(input, rules): a pure function from the reader's
 *   answers (and "today") to a dated plan or a list of errors. Tests call it
 *   directly with the cases in tests/planner_cases.yml.
 * - ATIPlanner.ics(plan, options): the plan as an iCalendar (RFC 5545) file.
 * - PlannerForm: the component on [data-module="ati-planner"].
 *
 * Working days are Monday to Friday. UK and US bank holidays are not known to
 * the planner; the page says so. Nothing the reader types is sent anywhere:
 * the interview date and route go to ATI.details (this tab only, unless the
 * reader chose to remember details) so the template pages can prefill them.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
  var TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

  // ---------------------------------------------------------------------
  // Dates: ISO strings (YYYY-MM-DD), arithmetic in UTC so no time zone or
  // daylight-saving change can shift a day.

  /** @param {string} iso @returns {Date|null} the date at 00:00 UTC, or null if it is not a real date */
  function parseISO(iso) {
    var m = ISO_RE.exec(iso || "");
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3];
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return date;
  }

  /** @param {Date} date @returns {string} */
  function toISO(date) {
    return date.toISOString().slice(0, 10);
  }

  /** @param {string} iso @param {number} n @returns {string} */
  function addDays(iso, n) {
    return toISO(new Date(parseISO(iso).getTime() + n * DAY_MS));
  }

  /** @param {string} iso @returns {boolean} Saturday or Sunday */
  function isWeekend(iso) {
    var day = parseISO(iso).getUTCDay();
    return day === 0 || day === 6;
  }

  /**
   * n working days (Monday to Friday) after iso. With n = 0: iso itself, or
   * the next Monday if iso is at a weekend.
   * @param {string} iso @param {number} n @returns {string}
   */
  function addWorkingDays(iso, n) {
    var d = iso;
    if (n === 0) {
      while (isWeekend(d)) d = addDays(d, 1);
      return d;
    }
    for (var i = 0; i < n; i++) {
      d = addDays(d, 1);
      while (isWeekend(d)) d = addDays(d, 1);
    }
    return d;
  }

  /** @param {string} iso @param {{amount:number, unit:string}} offset @returns {string} */
  function applyOffset(iso, offset) {
    return offset.unit === "working_days" ? addWorkingDays(iso, offset.amount) : addDays(iso, offset.amount);
  }

  /** @returns {number} whole days from a to b (negative if b is earlier) */
  function daysBetween(a, b) {
    return Math.round((parseISO(b).getTime() - parseISO(a).getTime()) / DAY_MS);
  }

  /** Today's date where the reader is, as YYYY-MM-DD. */
  function localToday() {
    var now = new Date();
    return toISO(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
  }

  // ---------------------------------------------------------------------
  // Reading what the reader typed

  /**
   * Turn the three boxes of a GOV.UK date input into YYYY-MM-DD.
   * @param {string} day @param {string} month @param {string} year
   * @param {string} label how the error names the date, such as "Interview date"
   * @param {string} missing the message when every box is empty
   * @returns {{iso?: string, error?: string, parts?: string[]}} parts names the boxes at fault
   */
  function parseDateParts(day, month, year, label, missing) {
    var values = { day: String(day || "").trim(), month: String(month || "").trim(), year: String(year || "").trim() };
    var empty = ["day", "month", "year"].filter(function (k) { return !values[k]; });
    if (empty.length === 3) return { error: missing, parts: ["day", "month", "year"] };
    if (empty.length) {
      return { error: label + " must include a " + empty.join(" and a "), parts: empty };
    }
    var bad = ["day", "month", "year"].filter(function (k) { return !/^\d+$/.test(values[k]); });
    if (bad.length) return { error: label + " must be a real date", parts: bad };
    if (values.year.length !== 4) return { error: "Year must include 4 numbers", parts: ["year"] };
    var iso = values.year + "-" + ("0" + +values.month).slice(-2) + "-" + ("0" + +values.day).slice(-2);
    if (+values.month > 99 || +values.day > 99 || !parseISO(iso)) {
      return { error: label + " must be a real date", parts: ["day", "month", "year"] };
    }
    return { iso: iso };
  }

  // ---------------------------------------------------------------------
  // The schedule: the one place dates are worked out.

  /**
   * Work out a dated plan from the reader's answers and the rules.
   *
   * @param {{interview_date: string, interview_time: string, decision: string,
   *          decision_date: (string|null), route: string, today: string}} input
   *   decision is "yes" or "no"; today is YYYY-MM-DD (an input, so tests are deterministic)
   * @param {{settings: Object, steps: Array<Object>}} rules the JSON block from the page
   * @returns {{errors: Array<{field: string, message: string}>, steps: Array<Object>}}
   *   each step: id, title, what, when, template, template_title, url, date,
   *   due (the date the rule gives), moved (due had passed, so date is today or
   *   the next working day) and past (due had passed and a later step replaces it)
   */
  function schedule(input, rules) {
    var settings = rules.settings || {};
    var errors = [];
    var today = input.today || localToday();
    var interview = input.interview_date;
    var since = settings.max_days_since_interview || 90;
    var until = settings.max_days_until_interview || 365;
    var interviewOk = false;

    if (!interview) {
      errors.push({ field: "interview-date", message: "Enter the date of your interview" });
    } else if (!parseISO(interview)) {
      errors.push({ field: "interview-date", message: "Interview date must be a real date" });
    } else if (daysBetween(interview, today) > since) {
      errors.push({ field: "interview-date", message: "Interview date must be in the last " + since + " days" });
    } else if (daysBetween(today, interview) > until) {
      errors.push({ field: "interview-date", message: "Interview date must be within " + until + " days from today" });
    } else {
      interviewOk = true;
    }
    if (!TIME_RE.test(input.interview_time || "")) {
      errors.push({ field: "interview-time", message: "Enter the time your interview ends" });
    }
    var decision = input.decision;
    if (decision !== "yes" && decision !== "no") {
      errors.push({ field: "decision", message: "Select yes if they told you when they would decide" });
    } else if (decision === "yes") {
      if (!input.decision_date) {
        errors.push({ field: "decision-date", message: "Enter the date they gave for a decision" });
      } else if (!parseISO(input.decision_date)) {
        errors.push({ field: "decision-date", message: "Decision date must be a real date" });
      } else if (interviewOk && input.decision_date < interview) {
        errors.push({ field: "decision-date", message: "Decision date must be the same as or after the interview date" });
      }
    }
    if (input.route !== "direct" && input.route !== "agency") {
      errors.push({ field: "route", message: "Select whether you applied directly or through an agency" });
    }
    if (errors.length) return { errors: errors, steps: [] };

    var situation = decision === "yes" ? "given" : "none";
    var plan = rules.steps.filter(function (s) {
      return (s.routes === input.route || s.routes === "either") &&
        (s.decision_date === situation || s.decision_date === "either");
    });

    /** The offset a step uses, and the date it counts from, given the dates so far. */
    function count(step, dates) {
      if (step.trigger === "interview") {
        var late = step.late && input.interview_time > step.late.time;
        return { from: interview, offset: late ? step.late.offset : step.offset };
      }
      if (step.trigger === "decision_date") return { from: input.decision_date, offset: step.offset };
      for (var i = 0; i < step.after.length; i++) {
        if (dates[step.after[i]]) return { from: dates[step.after[i]], offset: step.offset };
      }
      throw new Error("planner rules: step " + step.id + " counts from a step that is not in this plan");
    }

    // First the dates the rules give; then, if some have passed, the latest
    // passed step moves to today and the steps after it count on from there.
    var due = {};
    plan.forEach(function (step) {
      var c = count(step, due);
      due[step.id] = applyOffset(c.from, c.offset);
    });
    var lastPassed = -1;
    plan.forEach(function (step, i) { if (due[step.id] < today) lastPassed = i; });

    var dates = {};
    return {
      errors: [],
      steps: plan.map(function (step, i) {
        var c = count(step, dates);
        var date = i < lastPassed ? due[step.id] : applyOffset(c.from, c.offset);
        var moved = false;
        if (i >= lastPassed && date < today) {
          date = c.offset.unit === "working_days" ? addWorkingDays(today, 0) : today;
          moved = true;
        }
        dates[step.id] = date;
        return {
          id: step.id, title: step.title, what: step.what, when: step.when,
          template: step.template || null, template_title: step.template_title || null, url: step.url || null,
          date: date, due: due[step.id], moved: moved, past: i < lastPassed
        };
      })
    };
  }

  // ---------------------------------------------------------------------
  // iCalendar (RFC 5545)

  /** Escape TEXT values: backslash, semicolon, comma and line breaks. */
  function escapeText(text) {
    return String(text)
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");
  }

  /** @param {number} cp a code point @returns {number} its length in UTF-8 octets */
  function utf8Length(cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  /**
   * Fold a content line so no line is longer than 75 octets of UTF-8,
   * never splitting a character. Continuation lines start with a space.
   * @param {string} line @returns {string} lines joined by CRLF
   */
  function fold(line) {
    var out = [];
    var current = "";
    var octets = 0;
    var limit = 75;
    for (var i = 0; i < line.length; i++) {
      var cp = line.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      if (cp > 0xffff) i++;
      var n = utf8Length(cp);
      if (octets + n > limit) {
        out.push(current);
        current = " ";
        octets = 1;
      }
      current += ch;
      octets += n;
    }
    out.push(current);
    return out.join("\r\n");
  }

  /** @param {string} iso @returns {string} YYYYMMDD */
  function icsDate(iso) {
    return iso.replace(/-/g, "");
  }

  /** @param {Date} date @returns {string} YYYYMMDDTHHMMSSZ */
  function icsStamp(date) {
    return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  }

  /**
   * The plan as one calendar file: an all-day event with a reminder for each
   * step still to do.
   * @param {Array<Object>} steps from schedule()
   * @param {{interview_date: string, now: Date, base: string, reminder_time: string}} options
   *   base is the page address template links are resolved against
   * @returns {string} the file, with CRLF line ends
   */
  function ics(steps, options) {
    var now = options.now || new Date();
    var time = TIME_RE.exec(options.reminder_time || "09:00") || ["", "09", "00"];
    var trigger = "PT" + +time[1] + "H" + (+time[2] ? +time[2] + "M" : "");
    if (trigger === "PT0H") trigger = "PT0S";
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//After the Interview//Follow-up planner//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:" + escapeText("Interview follow-up")
    ];
    steps.forEach(function (step) {
      if (step.past) return;
      var url = step.url ? new URL(step.url, options.base).href : "";
      var description = step.what;
      if (step.url) description += "\n\nTemplate: " + (step.template_title || step.template) + "\n" + url;
      lines.push(
        "BEGIN:VEVENT",
        "UID:" + step.id + "-" + icsDate(options.interview_date) + "@after-the-interview",
        "DTSTAMP:" + icsStamp(now),
        "DTSTART;VALUE=DATE:" + icsDate(step.date),
        "DTEND;VALUE=DATE:" + icsDate(addDays(step.date, 1)),
        "SUMMARY:" + escapeText(step.title),
        "DESCRIPTION:" + escapeText(description)
      );
      if (url) lines.push("URL:" + url);
      lines.push(
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:" + escapeText(step.title),
        "TRIGGER;RELATED=START:" + trigger,
        "END:VALARM",
        "END:VEVENT"
      );
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  // ---------------------------------------------------------------------
  // The page component

  /**
   * The rules the page carries (macros/planner.py writes them as JSON in the
   * data-rules attribute: an inline <script> would not survive Material's
   * instant navigation).
   * @param {ParentNode} root @returns {Object|null}
   */
  function readRules(root) {
    var block = (root || document).querySelector(".ati-planner-data[data-rules]");
    if (!block) return null;
    try { return JSON.parse(block.getAttribute("data-rules")); } catch (e) { return null; }
  }

  /** Create an element with a class and text (never HTML). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var FIELDS = {
    "interview-date": "planner-interview-date",
    "interview-time": "planner-interview-time",
    "decision": "planner-decision",
    "decision-date": "planner-decision-date",
    "route": "planner-route"
  };

  /** The planner form, its error messages, the plan and the calendar download. */
  class PlannerForm {
    /** @param {HTMLElement} root the [data-module="ati-planner"] element @param {Object} rules */
    constructor(root, rules) {
      this.root = root;
      this.rules = rules;
      this.locale = rules.locale || "en-GB";
      this.form = root.querySelector(".ati-planner__form");
      this.summary = root.querySelector(".ati-pl-error-summary");
      this.result = root.querySelector(".ati-planner__result");
      this.title = document.title.replace(/^Error: /, "");
      this.plan = null;
      this.input = null;
    }

    start() {
      var nojs = this.root.querySelector(".ati-planner__nojs");
      if (nojs) nojs.hidden = true;
      this.form.hidden = false;
      this.prefill();
      this.form.addEventListener("change", this.toggleConditional.bind(this));
      this.form.addEventListener("submit", this.submit.bind(this));
      this.summary.addEventListener("click", this.focusField.bind(this));
      this.toggleConditional();
    }

    $(id) { return this.root.querySelector("#" + id); }

    /** Fill the form from details the reader saved earlier in this visit. */
    prefill() {
      var saved = window.ATI && window.ATI.details ? window.ATI.details.load() : {};
      var m = ISO_RE.exec(saved.interview_date || "");
      if (m && !this.$("planner-interview-date-year").value) {
        this.$("planner-interview-date-day").value = String(+m[3]);
        this.$("planner-interview-date-month").value = String(+m[2]);
        this.$("planner-interview-date-year").value = m[1];
      }
      if (saved.route === "direct" || saved.route === "agency") {
        var radio = this.$("planner-route-" + saved.route);
        if (radio && !this.form.querySelector("[name='planner-route']:checked")) radio.checked = true;
      }
    }

    /** Show the decision date boxes only when "Yes" is chosen. */
    toggleConditional() {
      this.root.querySelectorAll("[data-show-when]").forEach(function (box) {
        var radio = this.$(box.getAttribute("data-show-when"));
        box.hidden = !(radio && radio.checked);
      }, this);
    }

    checked(name) {
      var radio = this.form.querySelector("[name='" + name + "']:checked");
      return radio ? radio.value : "";
    }

    dateParts(prefix) {
      return ["day", "month", "year"].map(function (part) { return this.$(prefix + "-" + part).value; }, this);
    }

    /** @param {Event} event */
    submit(event) {
      event.preventDefault();
      var errors = [];
      var input = {
        interview_time: this.$("planner-interview-time").value,
        decision: this.checked("planner-decision"),
        route: this.checked("planner-route"),
        today: localToday()
      };
      var parsed = parseDateParts.apply(null, this.dateParts("planner-interview-date").concat(
        ["Interview date", "Enter the date of your interview"]));
      if (parsed.error) errors.push({ field: "interview-date", message: parsed.error, parts: parsed.parts });
      input.interview_date = parsed.iso || "";
      if (input.decision === "yes") {
        var dec = parseDateParts.apply(null, this.dateParts("planner-decision-date").concat(
          ["Decision date", "Enter the date they gave for a decision"]));
        if (dec.error) errors.push({ field: "decision-date", message: dec.error, parts: dec.parts });
        input.decision_date = dec.iso || "";
      }
      var result = schedule(input, this.rules);
      var seen = {};
      errors.forEach(function (e) { seen[e.field] = true; });
      result.errors.forEach(function (e) { if (!seen[e.field]) errors.push(e); });
      var order = Object.keys(FIELDS);
      errors.sort(function (a, b) { return order.indexOf(a.field) - order.indexOf(b.field); });
      this.showErrors(errors);
      if (errors.length) {
        this.result.hidden = true;
        this.plan = null;
        this.summary.focus();
        return;
      }
      this.plan = result.steps;
      this.input = input;
      if (window.ATI && window.ATI.details) {
        window.ATI.details.save({ interview_date: input.interview_date, route: input.route });
      }
      this.showPlan();
    }

    /** GOV.UK error pattern: a summary linking to each field, and a message on the field. */
    showErrors(errors) {
      var list = this.summary.querySelector("ul");
      list.textContent = "";
      this.root.querySelectorAll(".ati-pl-field--error").forEach(function (f) { f.classList.remove("ati-pl-field--error"); });
      this.root.querySelectorAll(".ati-pl-error-message").forEach(function (p) { p.hidden = true; p.textContent = ""; });
      this.root.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
      this.root.querySelectorAll("[data-error-described]").forEach(function (i) {
        i.setAttribute("aria-describedby", i.getAttribute("data-error-described"));
        i.removeAttribute("data-error-described");
      });
      errors.forEach(function (error) {
        var prefix = FIELDS[error.field];
        var field = this.$(prefix + "-field");
        var message = this.$(prefix + "-error");
        field.classList.add("ati-pl-field--error");
        message.textContent = "";
        message.appendChild(el("span", "ati-vh", "Error: "));
        message.appendChild(document.createTextNode(error.message));
        message.hidden = false;
        var inputs = Array.prototype.slice.call(field.querySelectorAll("input"));
        if (error.field === "decision") inputs = inputs.filter(function (i) { return i.name === "planner-decision"; });
        if (error.parts) {
          inputs = error.parts.map(function (part) { return this.$(prefix + "-" + part); }, this);
        }
        inputs.forEach(function (i) {
          if (i.type !== "radio") i.setAttribute("aria-invalid", "true");
        });
        // Tie the message to the group (fieldset) or the single input.
        var described = field.querySelector("fieldset") || inputs[0];
        if (!described.hasAttribute("data-error-described")) {
          var before = described.getAttribute("aria-describedby") || "";
          described.setAttribute("data-error-described", before);
          described.setAttribute("aria-describedby", (before + " " + message.id).trim());
        }
        var item = el("li");
        var link = el("a", "", error.message);
        link.href = "#" + (inputs[0] ? inputs[0].id : prefix + "-field");
        item.appendChild(link);
        list.appendChild(item);
      }, this);
      this.summary.hidden = errors.length === 0;
      document.title = (errors.length ? "Error: " : "") + this.title;
    }

    /**
     * The summary's links move focus to the field without changing the address.
     * stopPropagation: Material's instant navigation listens on <body> and would
     * otherwise reload the page for a same-page link, wiping the form.
     */
    focusField(event) {
      var link = event.target.closest("a");
      if (!link) return;
      var target = this.$(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      event.stopPropagation();
      var legend = target.closest("fieldset");
      (legend || target).scrollIntoView({ block: "start" });
      target.focus();
    }

    date(iso) {
      return window.ATI.formatDate(iso, this.locale, true);
    }

    /**
     * A time of day as readers expect it: "4:45pm" (en-GB, GOV.UK style) or "4:45 p.m." (en-US),
     * as macros/planner.py format_time writes the rules' times.
     * @param {string} hhmm 24-hour "16:45"
     * @returns {string}
     */
    time(hhmm) {
      var m = /^(\d{1,2}):(\d{2})$/.exec(hhmm || "");
      if (!m) return hhmm;
      var h = +m[1], mins = m[2], twelve = h % 12 || 12;
      var clock = twelve + (mins === "00" ? "" : ":" + mins);
      if (this.locale === "en-US") return clock + (h < 12 ? " a.m." : " p.m.");
      return clock + (h < 12 ? "am" : "pm");
    }

    showPlan() {
      var box = this.result;
      var input = this.input;
      box.textContent = "";
      var heading = el("h2", "ati-plan__heading", "Your follow-up plan");
      heading.id = "your-plan";
      heading.tabIndex = -1;
      box.appendChild(heading);
      var summary = "For an interview on " + this.date(input.interview_date) + ", ending at " + this.time(input.interview_time) +
        (input.route === "agency" ? ", arranged by a recruitment agency" : ", applied for directly") +
        (input.decision === "yes" ? ", with a decision due on " + this.date(input.decision_date) + "." : ", with no decision date.");
      box.appendChild(el("p", "ati-plan__summary", summary));
      var list = el("ol", "ati-plan");
      this.plan.forEach(function (step) {
        var item = el("li", "ati-plan__step" + (step.past ? " ati-plan__step--past" : ""));
        item.setAttribute("data-step", step.id);
        item.appendChild(el("h3", "ati-plan__title", step.title));
        var when = el("p", "ati-plan__date");
        var time = el("time", "", this.date(step.date));
        time.setAttribute("datetime", step.date);
        when.appendChild(time);
        item.appendChild(when);
        if (step.past) {
          item.appendChild(el("p", "ati-plan__note", "This date has passed. If you have not done it, skip it: the next step covers it."));
        } else if (step.moved) {
          item.appendChild(el("p", "ati-plan__note", "This was due on " + this.date(step.due) +
            ". If you have not done it yet, do it on " + this.date(step.date) + ". The steps after it count on from then."));
        }
        item.appendChild(el("p", "ati-plan__what", step.what));
        if (step.url) {
          var p = el("p", "ati-plan__template");
          var link = el("a", "", "Use the template: " + step.template_title);
          link.href = step.url;
          p.appendChild(link);
          item.appendChild(p);
        }
        item.appendChild(el("p", "ati-plan__rule", "The rule: " + step.when));
        list.appendChild(item);
      }, this);
      box.appendChild(list);
      var words = this.rules.words || {};
      box.appendChild(el("p", "ati-plan__note",
        (words.Working_days || "Working days") + " are Monday to Friday. The planner does not know about " +
        (words.bank_holidays || "bank holidays") + ": if a date lands on one, move that step to the next " +
        (words.working_day || "working day") + "."));

      var actions = el("div", "ati-plan__actions");
      var button = el("button", "md-button ati-plan__calendar", "Add to calendar");
      button.type = "button";
      button.setAttribute("aria-describedby", "planner-calendar-hint");
      button.addEventListener("click", this.download.bind(this));
      actions.appendChild(button);
      var hint = el("p", "ati-pl-hint", "Downloads one calendar file (.ics) with a reminder at " +
        ((this.rules.settings || {}).reminder_time || "09:00") +
        " on the day of each step still to come. Open it to add the steps to your calendar app.");
      hint.id = "planner-calendar-hint";
      actions.appendChild(hint);
      box.appendChild(actions);
      box.hidden = false;
      heading.focus();
    }

    /** Build the calendar file in the browser and download it. Nothing is uploaded. */
    download() {
      if (!this.plan) return;
      var text = ics(this.plan, {
        interview_date: this.input.interview_date,
        now: new Date(),
        base: window.location.href,
        reminder_time: (this.rules.settings || {}).reminder_time
      });
      var blob = new Blob([text], { type: "text/calendar;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var a = document.createElement("a");
      a.href = url;
      a.download = "interview-follow-up-" + this.input.interview_date + ".ics";
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }
  }

  /** Start every planner on the page (once each; Material's instant navigation re-runs this). */
  function init(doc) {
    doc.querySelectorAll('[data-module="ati-planner"]').forEach(function (root) {
      if (root.getAttribute("data-ready") === "1") return;
      var rules = readRules(root);
      if (!rules || !window.ATI) return;
      root.setAttribute("data-ready", "1");
      new PlannerForm(root, rules).start();
    });
  }

  window.ATIPlanner = {
    schedule: schedule,
    parseDateParts: parseDateParts,
    addWorkingDays: addWorkingDays,
    ics: ics,
    fold: fold,
    escapeText: escapeText,
    readRules: readRules,
    PlannerForm: PlannerForm
  };

  if (window.ATI && window.ATI.onPage) window.ATI.onPage(init);
})();
