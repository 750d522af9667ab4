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
 * Working days are Monday to Friday, not counting the public holidays of the
 * calendar the reader picks: macros/planner.py writes them into the page at
 * build time from the `holidays` package. Nothing the reader types is sent
 * anywhere: the employer, role, interview date and route go to ATI.details,
 * and saved plans to ATI.plans (this tab only, unless the reader chose to
 * remember details) so the template pages can prefill them.
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

  /**
   * @param {string} iso @param {Object<string,string>=} off public holidays (date -> name)
   * @returns {boolean} Saturday, Sunday or a public holiday
   */
  function isDayOff(iso, off) {
    var day = parseISO(iso).getUTCDay();
    return day === 0 || day === 6 || !!(off && Object.prototype.hasOwnProperty.call(off, iso));
  }

  /**
   * n working days (Monday to Friday, not public holidays) after iso. With
   * n = 0: iso itself, or the next working day if iso is a day off.
   * @param {string} iso @param {number} n @param {Object<string,string>=} off
   * @returns {string}
   */
  function addWorkingDays(iso, n, off) {
    var d = iso;
    if (n === 0) {
      while (isDayOff(d, off)) d = addDays(d, 1);
      return d;
    }
    for (var i = 0; i < n; i++) {
      d = addDays(d, 1);
      while (isDayOff(d, off)) d = addDays(d, 1);
    }
    return d;
  }

  /** @param {string} iso @param {{amount:number, unit:string}} offset @param {Object=} off @returns {string} */
  function applyOffset(iso, offset, off) {
    return offset.unit === "working_days" ? addWorkingDays(iso, offset.amount, off) : addDays(iso, offset.amount);
  }

  /**
   * The holiday shutdown: a chasing step whose date falls from shutdown.from
   * to shutdown.to (MM-DD; the span may cross New Year) moves to the first
   * working day after it.
   * @returns {string} iso, or the first working day after the shutdown
   */
  function afterShutdown(iso, shutdown, off) {
    if (!shutdown) return iso;
    var md = iso.slice(5);
    var crosses = shutdown.from > shutdown.to;
    var inside = crosses ? (md >= shutdown.from || md <= shutdown.to) : (md >= shutdown.from && md <= shutdown.to);
    if (!inside) return iso;
    var year = +iso.slice(0, 4) + (crosses && md >= shutdown.from ? 1 : 0);
    return addWorkingDays(year + "-" + shutdown.to, 1, off);
  }

  /** A short, stable hash (FNV-1a, two 32-bit rounds) of text, as 16 hex digits. */
  function hash(text) {
    var out = "";
    [0x811c9dc5, 0x050c5d1f].forEach(function (seed) {
      var h = seed;
      for (var i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      out += ("0000000" + h.toString(16)).slice(-8);
    });
    return out;
  }

  /** The key of one application: employer, role and interview date (case and spacing ignored). */
  function planKey(input) {
    var norm = function (t) { return String(t || "").trim().replace(/\s+/g, " ").toLowerCase(); };
    return hash([norm(input.employer), norm(input.role), input.interview_date].join("\u0000"));
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

  /** The date input's three boxes, read and checked by the shared component (core.js). */
  var parseDateParts = window.ATI.dateParts.parse;

  var TIME_TYPED_RE = /^(\d{1,2})(?: ?[:.] ?(\d{2}))? ?(a\.?m\.?|p\.?m\.?)?$/;
  var TIME_WORDS = { "midday": "12:00", "noon": "12:00", "12 noon": "12:00", "12 midday": "12:00", "midnight": "00:00" };

  /** @param {number} n @returns {string} two digits */
  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  /**
   * The time box, GOV.UK style: a text box read leniently and checked strictly,
   * like the date boxes. Accepts "2pm", "2 pm", "2 p.m.", "9am", "2:30pm",
   * "2.30pm", "14:30", "14.30", "09:30" and "midday". An hour from 1 to 7
   * with no am or pm could be morning or afternoon, so the reader is asked.
   * @param {string} text what the reader typed
   * @returns {{hhmm: string}|{error: string}} hhmm is 24-hour "14:30"
   */
  function parseTime(text) {
    var t = String(text || "").trim().toLowerCase().replace(/\s+/g, " ");
    if (!t) return { error: "Enter the time your interview ends" };
    if (TIME_WORDS[t]) return { hhmm: TIME_WORDS[t] };
    var m = TIME_TYPED_RE.exec(t);
    if (!m) return { error: "Enter the time your interview ends, like 2pm or 14:30" };
    var h = +m[1], min = m[2] === undefined ? 0 : +m[2], half = m[3] ? m[3].charAt(0) : "";
    if (min > 59) return { error: "Interview end time must be a real time: the minutes must be 00 to 59" };
    if (half) {
      if (h < 1 || h > 12) return { error: "Interview end time must be a real time: with am or pm, the hour must be 1 to 12" };
      h = h % 12 + (half === "p" ? 12 : 0);
    } else if (h > 23) {
      return { error: "Interview end time must be a real time: the hour must be 0 to 23" };
    } else if (h >= 1 && h <= 7 && m[1].length === 1) {
      return { error: "Add am or pm to the time your interview ends, like " + h + (m[2] ? ":" + m[2] : "") + "pm" };
    }
    return { hhmm: pad2(h) + ":" + pad2(min) };
  }

  // ---------------------------------------------------------------------
  // The schedule: the one place dates are worked out.

  /**
   * The holiday calendar a plan uses: the reader's pick, or the site's default.
   * @returns {{holidays: Object, id: string, calendar: (Object|undefined), off: Object<string,string>}}
   */
  function pickCalendar(input, rules) {
    var holidays = rules.holidays || { calendars: {} };
    var id = input.calendar || holidays.default;
    var calendar = holidays.calendars[id];
    return { holidays: holidays, id: id, calendar: calendar, off: calendar ? calendar.days : {} };
  }

  /** The interview date's error message, or "" if it is a real date in the window the settings allow. */
  function interviewDateError(interview, today, settings) {
    var since = settings.max_days_since_interview || 90;
    var until = settings.max_days_until_interview || 365;
    if (!interview) return "Enter the date of your interview";
    if (!parseISO(interview)) return "Interview date must be a real date";
    if (daysBetween(interview, today) > since) return "Interview date must be in the last " + since + " days";
    if (daysBetween(today, interview) > until) return "Interview date must be within " + until + " days from today";
    return "";
  }

  /** The decision date's error message ("" if none): it must be real, and not before a sound interview date. */
  function decisionDateError(input, interviewOk) {
    if (!input.decision_date) return "Enter the date they gave for a decision";
    if (!parseISO(input.decision_date)) return "Decision date must be a real date";
    if (interviewOk && input.decision_date < input.interview_date) return "Decision date must be the same as or after the interview date";
    return "";
  }

  /**
   * Every problem with the answers, in the form's order.
   * @returns {Array<{field: string, message: string}>}
   */
  function checkAnswers(input, rules, today, cal) {
    var errors = [];
    var add = function (field, message) { if (message) errors.push({ field: field, message: message }); };
    if (input.employer !== undefined && !String(input.employer).trim()) add("employer", "Enter the name of the employer");
    var interviewError = interviewDateError(input.interview_date, today, rules.settings || {});
    add("interview-date", interviewError);
    if (!TIME_RE.test(input.interview_time || "")) add("interview-time", "Enter the time your interview ends");
    if (input.decision !== "yes" && input.decision !== "no") {
      add("decision", "Select yes if they told you when they would decide");
    } else if (input.decision === "yes") {
      add("decision-date", decisionDateError(input, !interviewError));
    }
    if (input.route !== "direct" && input.route !== "agency") {
      add("route", "Select whether you applied directly or through an agency");
    }
    if (!cal.calendar && Object.keys(cal.holidays.calendars).length) {
      add("calendar", "Select which public holidays the plan should skip");
    }
    return errors;
  }

  /** The rules' steps for this route, with or without a decision date, in the rules' order. */
  function stepsFor(rules, route, decision) {
    var situation = decision === "yes" ? "given" : "none";
    return rules.steps.filter(function (s) {
      return (s.routes === route || s.routes === "either") &&
        (s.decision_date === situation || s.decision_date === "either");
    });
  }

  /** The offset a step uses, and the date it counts from, given the dates so far. */
  function countFrom(step, input, dates) {
    if (step.trigger === "interview") {
      var late = step.late && input.interview_time > step.late.time;
      return { from: input.interview_date, offset: late ? step.late.offset : step.offset };
    }
    if (step.trigger === "decision_date") return { from: input.decision_date, offset: step.offset };
    for (var i = 0; i < step.after.length; i++) {
      if (dates[step.after[i]]) return { from: dates[step.after[i]], offset: step.offset };
    }
    throw new Error("planner rules: step " + step.id + " counts from a step that is not in this plan");
  }

  /** A chasing step's date, moved past the holiday shutdown if it falls in it; other steps' as they are. */
  function shut(step, iso, rules, off) {
    var s = rules.shutdown;
    return s && s.steps.indexOf(step.id) >= 0 ? afterShutdown(iso, s, off) : iso;
  }

  /** The date a step falls on, counted from the dates so far. */
  function stepDate(step, dates, input, rules, off) {
    var c = countFrom(step, input, dates);
    return shut(step, applyOffset(c.from, c.offset, off), rules, off);
  }

  /** The date each step is due, as the rules give it (step id -> ISO date). */
  function dueDates(plan, input, rules, off) {
    var due = {};
    plan.forEach(function (step) { due[step.id] = stepDate(step, due, input, rules, off); });
    return due;
  }

  /** The index of the latest step whose due date has passed, or -1. */
  function lastPassedIndex(plan, due, today) {
    var last = -1;
    plan.forEach(function (step, i) { if (due[step.id] < today) last = i; });
    return last;
  }

  /** A step with its date, as schedule() returns it. */
  function datedStep(step, date, due, moved, past, holidays) {
    return {
      id: step.id, title: step.title, what: step.what, when: step.when,
      template: step.template || null, template_title: step.template_title || null, url: step.url || null,
      trigger: step.trigger,
      date: date, due: due, moved: moved, past: past,
      // Past the last date the page knows holidays for: the date skips weekends only.
      beyond: !!holidays.until && date > holidays.until
    };
  }

  /**
   * Work out a dated plan from the reader's answers and the rules.
   *
   * First the dates the rules give; then, if some have passed, the latest
   * passed step moves to today (or the next working day) and the steps after
   * it count on from there. The steps before it are marked past.
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
    var today = input.today || localToday();
    var cal = pickCalendar(input, rules);
    var errors = checkAnswers(input, rules, today, cal);
    if (errors.length) return { errors: errors, steps: [] };

    var off = cal.off;
    var plan = stepsFor(rules, input.route, input.decision);
    var due = dueDates(plan, input, rules, off);
    var lastPassed = lastPassedIndex(plan, due, today);
    var dates = {};
    var steps = plan.map(function (step, i) {
      if (i < lastPassed) {
        dates[step.id] = due[step.id];
        return datedStep(step, due[step.id], due[step.id], false, true, cal.holidays);
      }
      var date = stepDate(step, dates, input, rules, off);
      var moved = date < today;
      if (moved) {
        var unit = countFrom(step, input, dates).offset.unit;
        date = shut(step, unit === "working_days" ? addWorkingDays(today, 0, off) : today, rules, off);
      }
      dates[step.id] = date;
      return datedStep(step, date, due[step.id], moved, false, cal.holidays);
    });
    return {
      errors: [],
      steps: steps,
      calendar: cal.id,
      calendar_name: cal.calendar ? cal.calendar.name : "",
      holidays_until: cal.holidays.until || ""
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

  /** "PT9H30M" for a time of day (the alarm's offset from the start of an all-day event). */
  function durationFromMidnight(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    if (!h && !m) return "PT0S";
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "");
  }

  function minutesOf(hhmm, fallback) {
    var t = TIME_RE.exec(hhmm || "") || TIME_RE.exec(fallback) || ["", "09", "00"];
    return +t[1] * 60 + +t[2];
  }

  /**
   * When a step's reminder goes off, in minutes after midnight on its day:
   * a thank-you on the interview day goes off a while after the interview
   * ends (never before it); every other step at the start of the working day.
   */
  function reminderMinutes(step, input, settings) {
    var start = minutesOf(settings.reminder_time, "09:00");
    if (step.trigger === "interview" && step.date === input.interview_date) {
      var end = minutesOf(input.interview_time, "09:00") + (settings.thank_you_delay_minutes || 30);
      return Math.min(Math.max(end, start), 23 * 60 + 59);
    }
    return start;
  }

  /** "Send your thank-you: Northfield Housing Trust" */
  function named(title, input) {
    var employer = String(input.employer || "").trim();
    return employer ? title + ": " + employer : title;
  }

  /**
   * One calendar file for one or more applications: an all-day event with a
   * reminder for each step still to do.
   * @param {Array<{input: Object, steps: Array<Object>}>} apps
   *   input: employer, role, interview_date, interview_time; steps from schedule()
   * @param {{now: Date, base: string, settings: Object}} options
   *   base is the page address template links are resolved against
   * @returns {string} the file, with CRLF line ends
   */
  function icsFile(apps, options) {
    var now = options.now || new Date();
    var settings = options.settings || {};
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//After the Interview//Follow-up planner//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:" + escapeText("Interview follow-up")
    ];
    apps.forEach(function (app) {
      var input = app.input;
      var key = planKey(input);
      app.steps.forEach(function (step) {
        if (step.past) return;
        var url = step.url ? new URL(step.url, options.base).href : "";
        var title = named(step.title, input);
        var about = String(input.employer || "").trim();
        if (about && input.role) about += " (" + String(input.role).trim() + ")";
        var description = (about ? "For your application to " + about + ". " : "") + step.what;
        if (step.url) description += "\n\nTemplate: " + (step.template_title || step.template) + "\n" + url;
        lines.push(
          "BEGIN:VEVENT",
          "UID:" + step.id + "-" + icsDate(input.interview_date) + "-" + key + "@after-the-interview",
          "DTSTAMP:" + icsStamp(now),
          "DTSTART;VALUE=DATE:" + icsDate(step.date),
          "DTEND;VALUE=DATE:" + icsDate(addDays(step.date, 1)),
          "SUMMARY:" + escapeText(title),
          "DESCRIPTION:" + escapeText(description)
        );
        if (url) lines.push("URL:" + url);
        lines.push(
          "TRANSP:TRANSPARENT",
          "BEGIN:VALARM",
          "ACTION:DISPLAY",
          "DESCRIPTION:" + escapeText(title),
          "TRIGGER;RELATED=START:" + durationFromMidnight(reminderMinutes(step, input, settings)),
          "END:VALARM",
          "END:VEVENT"
        );
      });
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  /**
   * One application's plan as a calendar file (see icsFile).
   * @param {Array<Object>} steps from schedule()
   * @param {{interview_date: string, interview_time: string, employer: string, role: string,
   *          now: Date, base: string, reminder_time: string, settings: Object}} options
   */
  function ics(steps, options) {
    var settings = Object.assign({}, options.settings || {});
    if (options.reminder_time) settings.reminder_time = options.reminder_time;
    return icsFile([{ input: options, steps: steps }], { now: options.now, base: options.base, settings: settings });
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
    "employer": "planner-employer",
    "interview-date": "planner-interview-date",
    "interview-time": "planner-interview-time",
    "decision": "planner-decision",
    "decision-date": "planner-decision-date",
    "route": "planner-route",
    "calendar": "planner-calendar"
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
      this.saved = root.querySelector(".ati-planner__saved");
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
      this.showSaved();
    }

    $(id) { return this.root.querySelector("#" + id); }

    /** Fill the form from details the reader saved earlier in this visit. */
    prefill() {
      var saved = window.ATI && window.ATI.details ? window.ATI.details.load() : {};
      if (saved.organisation && !this.$("planner-employer").value) this.$("planner-employer").value = saved.organisation;
      if (saved.role && !this.$("planner-role").value) this.$("planner-role").value = saved.role;
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

    dateParts(prefix) { return window.ATI.dateParts.read(this.form, prefix); }

    /** @param {Event} event */
    submit(event) {
      event.preventDefault();
      var errors = [];
      var calendarBox = this.$("planner-calendar");
      var input = {
        employer: this.$("planner-employer").value.trim(),
        role: this.$("planner-role").value.trim(),
        calendar: calendarBox ? calendarBox.value : "",
        decision: this.checked("planner-decision"),
        route: this.checked("planner-route"),
        today: localToday()
      };
      var parsed = parseDateParts.apply(null, this.dateParts("planner-interview-date").concat(
        ["Interview date", "Enter the date of your interview"]));
      if (parsed.error) errors.push({ field: "interview-date", message: parsed.error, parts: parsed.parts });
      input.interview_date = parsed.iso || "";
      var time = parseTime(this.$("planner-interview-time").value);
      if (time.error) errors.push({ field: "interview-time", message: time.error });
      input.interview_time = time.hhmm || "";
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
      this.result_ = result;
      this.input = input;
      if (window.ATI && window.ATI.details) {
        window.ATI.details.save({ interview_date: input.interview_date, route: input.route,
          organisation: input.employer, role: input.role });
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
        var inputs = Array.prototype.slice.call(field.querySelectorAll("input, select"));
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
      var heading = el("h2", "ati-plan__heading", "Your follow-up plan for " + input.employer);
      heading.id = "your-plan";
      heading.tabIndex = -1;
      box.appendChild(heading);
      var summary = "For " + (input.role ? "the " + input.role + " interview" : "an interview") +
        " with " + input.employer + " on " + this.date(input.interview_date) + ", ending at " + this.time(input.interview_time) +
        (input.route === "agency" ? ", arranged by a recruitment agency" : ", applied for directly") +
        (input.decision === "yes" ? ", with a decision due on " + this.date(input.decision_date) + "." : ", with no decision date.");
      box.appendChild(el("p", "ati-plan__summary", summary));
      var list = el("ol", "ati-plan");
      this.plan.forEach(function (step) {
        var item = el("li", "ati-plan__step" + (step.past ? " ati-plan__step--past" : ""));
        item.setAttribute("data-step", step.id);
        item.appendChild(el("h3", "ati-plan__title", named(step.title, input)));
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
        if (step.beyond) {
          item.appendChild(el("p", "ati-plan__note", "The planner knows holidays only up to " + window.ATI.formatDate(this.result_.holidays_until, this.locale) +
            ", so this date skips weekends but not holidays. Check it nearer the time."));
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
      var actions = el("div", "ati-plan__actions");
      var button = el("button", "md-button md-button--primary ati-plan__calendar", "Add to calendar");
      button.type = "button";
      button.setAttribute("aria-describedby", "planner-calendar-hint");
      button.addEventListener("click", this.download.bind(this));
      actions.appendChild(button);
      var hint = el("p", "ati-pl-hint", "Downloads one calendar file (.ics) with a reminder for each step still to come: " +
        "the thank-you a little after your interview ends, the others at " +
        this.time((this.rules.settings || {}).reminder_time || "09:00") + " on their day. Open it to add the steps to your calendar app.");
      hint.id = "planner-calendar-hint";
      actions.appendChild(hint);
      box.appendChild(actions);
      var words = this.rules.words || {};
      box.appendChild(el("p", "ati-plan__note ati-plan__calendar-note",
        (words.Working_days || "Working days") + " are Monday to Friday, skipping " + this.result_.calendar_name +
        " (known up to " + window.ATI.formatDate(this.result_.holidays_until, this.locale) + "). Chasing steps skip the break between Christmas and New Year."));
      box.appendChild(this.saveBox());
      box.hidden = false;
      heading.focus();
    }

    /** Build the calendar file in the browser and download it. Nothing is uploaded. */
    download() {
      if (!this.plan) return;
      this.saveFile([{ input: this.input, steps: this.plan }], "interview-follow-up-" + this.input.interview_date + ".ics");
    }

    saveFile(apps, name) {
      var text = icsFile(apps, { now: new Date(), base: window.location.href, settings: this.rules.settings || {} });
      var blob = new Blob([text], { type: "text/calendar;charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }
  }

  Object.assign(PlannerForm.prototype, {
    /** The saved plans (ATI.plans), each recomputed for today. */
    savedPlans: function () {
      var store = window.ATI && window.ATI.plans;
      var list = store ? store.load() : [];
      var today = localToday();
      var calendars = (this.rules.holidays || {}).calendars || {};
      // A saved plan is never dropped: one the planner can no longer date stays in the list, said plainly.
      return list.filter(function (input) { return input.employer && input.interview_date; }).map(function (input) {
        var answers = Object.assign({}, input, { today: today });
        if (!calendars[answers.calendar]) delete answers.calendar;  // a calendar this build does not have: the default
        var result = schedule(answers, this.rules);
        return { input: input, steps: result.steps, errors: result.errors };
      }, this);
    },

    /** Under the plan: save it to the list, or update the saved one for the same application (said plainly). */
    saveBox: function () {
      var input = this.input;
      var key = planKey(input);
      var exists = (window.ATI.plans ? window.ATI.plans.load() : []).some(function (x) { return planKey(x) === key; });
      var box = el("div", "ati-plan__save");
      if (exists) {
        box.appendChild(el("p", "ati-pl-hint", "Your list already has a plan for " + input.employer + " on " +
          this.date(input.interview_date) + ". Updating it replaces that plan with this one."));
      }
      var button = el("button", "md-button ati-plan__save-button",
        exists ? "Update the saved plan for " + input.employer : "Save to my list of plans");
      button.type = "button";
      button.addEventListener("click", function () {
        var list = window.ATI.plans.load().filter(function (x) { return planKey(x) !== key; });
        var keep = {};
        ["employer", "role", "interview_date", "interview_time", "decision", "decision_date", "route", "calendar"].forEach(function (k) {
          if (input[k]) keep[k] = input[k];
        });
        list.push(keep);
        window.ATI.plans.save(list);
        this.showSaved();
        box.textContent = "";
        var done = el("p", "ati-plan__saved-note", "Saved. Your plan for " + input.employer + " is in your list of plans.");
        done.setAttribute("role", "status");
        box.appendChild(done);
      }.bind(this));
      box.appendChild(button);
      return box;
    },

    /**
     * "Due next": the earliest step still to come across the saved plans. When
     * steps from several applications fall due that day, it names them all.
     * @param {Array<{app: Object, step: Object}>} upcoming sorted by date
     */
    dueNext: function (upcoming) {
      var day = upcoming[0].step.date;
      var due = upcoming.filter(function (u) { return u.step.date === day; });
      var what = function (u) { return u.step.title + " (" + u.app.input.employer + ")"; };
      var box = el("div", "ati-saved__next");
      if (due.length === 1) {
        box.appendChild(el("p", "", "Due next: " + what(due[0]) + ", " + this.date(day) + "."));
        return box;
      }
      box.appendChild(el("p", "", "Due next, " + this.date(day) + ", for " + due.length + " applications:"));
      var list = el("ul", "ati-saved__next-list");
      due.forEach(function (u) { list.appendChild(el("li", "", what(u))); });
      box.appendChild(list);
      return box;
    },

    /** The list of saved plans: what is due next across all of them, each plan, remove, download all. */
    showSaved: function () {
      var box = this.saved;
      if (!box) return;
      var apps = this.savedPlans();
      box.textContent = "";
      box.hidden = apps.length === 0;
      if (!apps.length) return;
      var heading = el("h2", "ati-saved__heading", "Your saved plans");
      heading.id = "saved-plans";
      heading.tabIndex = -1;
      box.appendChild(heading);
      var today = localToday();
      var upcoming = [];
      apps.forEach(function (app) {
        var next = app.steps.filter(function (st) { return !st.past && st.date >= today; })[0];
        app.next = next;
        if (next) upcoming.push({ app: app, step: next });
      });
      upcoming.sort(function (a, b) { return a.step.date < b.step.date ? -1 : a.step.date > b.step.date ? 1 : 0; });
      if (upcoming.length) box.appendChild(this.dueNext(upcoming));
      var list = el("ul", "ati-saved");
      apps.sort(function (a, b) {
        var da = a.next ? a.next.date : "9999", db = b.next ? b.next.date : "9999";
        return da < db ? -1 : da > db ? 1 : 0;
      });
      apps.forEach(function (app) {
        var input = app.input;
        var item = el("li", "ati-saved__item");
        item.setAttribute("data-plan", planKey(input));
        item.appendChild(el("h3", "ati-saved__title", input.employer + (input.role ? ", " + input.role : "")));
        item.appendChild(el("p", "ati-saved__when", "Interview " + this.date(input.interview_date) + ". " +
          (app.errors.length ? "The planner cannot date this plan any more: " + app.errors[0].message.toLowerCase() + "." :
            app.next ? "Next: " + app.next.title + ", " + this.date(app.next.date) + "." : "No steps left.")));
        var steps = null;
        if (app.steps.length) {
          steps = el("ol", "ati-saved__list");
          steps.id = "saved-steps-" + planKey(input);
          steps.hidden = true;
          app.steps.forEach(function (st) {
            var li = el("li", st.past ? "ati-saved__step--past" : "");
            var when = el("time", "", this.date(st.date));
            when.setAttribute("datetime", st.date);
            li.appendChild(when);
            li.appendChild(document.createTextNode(": " + st.title + (st.past ? " (passed)" : "")));
            steps.appendChild(li);
          }, this);
          var toggle = el("button", "md-button ati-saved__toggle", "Show steps");
          toggle.type = "button";
          toggle.setAttribute("aria-expanded", "false");
          toggle.setAttribute("aria-controls", steps.id);
          toggle.setAttribute("aria-label", "Show steps for " + input.employer);
          toggle.addEventListener("click", function () {
            steps.hidden = !steps.hidden;
            toggle.setAttribute("aria-expanded", String(!steps.hidden));
            toggle.textContent = steps.hidden ? "Show steps" : "Hide steps";
            toggle.setAttribute("aria-label", (steps.hidden ? "Show" : "Hide") + " steps for " + input.employer);
          });
          item.appendChild(toggle);
        }
        var remove = el("button", "md-button ati-saved__remove", "Remove");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove the plan for " + input.employer + " (" + this.date(input.interview_date) + ")");
        remove.addEventListener("click", function () {
          var key = planKey(input);
          window.ATI.plans.save(window.ATI.plans.load().filter(function (x) { return planKey(x) !== key; }));
          this.showSaved();
          var status = el("p", "ati-saved__status", "Removed the plan for " + input.employer + ".");
          status.setAttribute("role", "status");
          (this.saved.hidden ? this.form : this.saved).insertAdjacentElement("afterbegin", status);
        }.bind(this));
        item.appendChild(remove);
        if (steps) item.appendChild(steps);
        list.appendChild(item);
      }, this);
      box.appendChild(list);
      var all = el("button", "md-button ati-saved__download", "Add all " + apps.length + " plans to calendar");
      all.type = "button";
      all.addEventListener("click", function () {
        this.saveFile(this.savedPlans(), "interview-follow-ups.ics");
      }.bind(this));
      box.appendChild(all);
    }
  });

  PlannerForm.moduleName = "ati-planner";

  window.ATIPlanner = {
    schedule: schedule,
    parseDateParts: parseDateParts,
    parseTime: parseTime,
    addWorkingDays: addWorkingDays,
    ics: ics,
    icsFile: icsFile,
    planKey: planKey,
    reminderMinutes: reminderMinutes,
    fold: fold,
    escapeText: escapeText,
    readRules: readRules,
    PlannerForm: PlannerForm
  };

  // Once on each planner (Material's instant navigation starts new ones).
  window.ATI.mount(PlannerForm, function (root) {
    var rules = readRules(root);
    if (!rules) throw new Error("its rules (data-rules) are missing or unreadable");
    new PlannerForm(root, rules).start();
  });
})();
