// Read an iCalendar file on stdin and print, as JSON, each VEVENT's UID with its start and end
// in UTC as Mozilla's ical.js (the parser of Thunderbird) understands them.
//
// Time zones come only from the file's own VTIMEZONEs, as in a calendar client that does not
// know the TZID: that is how a wrong VTIMEZONE shows up.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}

const utc = (time) => (time ? time.toJSDate().toISOString().replace(".000Z", "Z") : null);
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    start: utc(event.startDate),
    end: utc(event.endDate),
  };
});
process.stdout.write(JSON.stringify(events));
