/** Internal IT how-tos and facilities pages, and the platform's release notes. */
import { paragraphs, type SourceDoc } from "./types";

const itAndFacilities: SourceDoc[] = [
  {
    id: "it-vpn",
    title: "Connecting to the VPN",
    text: paragraphs(
      "The VPN client is installed on every company laptop. Open it from the system tray, choose the nearest gateway (Amsterdam, London, Dallas or Tokyo) and sign in with your company account and two-step verification.",
      "Use the VPN on any network outside the office, including home and hotel Wi-Fi. Internal tools such as the finance system only open through it.",
      "If the connection drops repeatedly, switch to the other protocol in the client's settings; some hotel networks block the default one.",
    ),
  },
  {
    id: "it-new-laptop",
    title: "Requesting a new or replacement laptop",
    text: paragraphs(
      "Laptops are replaced every four years, or earlier if they fail. Order a replacement from the IT service portal under Hardware; your manager approves the request.",
      "The standard models are a 14-inch Windows laptop and a 14-inch MacBook for engineering and design roles. Other models need a business reason.",
      "Back up nothing yourself: your files sync to the company cloud drive. Bring the old laptop to IT when you collect the new one; it is wiped and recycled.",
    ),
  },
  {
    id: "it-printing",
    title: "Printing in the office",
    text: paragraphs(
      "All office printers use follow-me printing: print to the \"Office-Print\" queue, then badge in at any printer to release your job. Jobs not released within 24 hours are deleted.",
      "Printing is black and white and double-sided by default. Colour printing is available but charged to your cost centre.",
      "Label printers in the warehouses are not on this queue; they print directly from the warehouse system.",
    ),
  },
  {
    id: "it-guest-wifi",
    title: "Wi-Fi for guests",
    text: paragraphs(
      "Visitors connect to the \"Guest\" network. Reception prints a voucher valid for one day; hosts can also create vouchers for up to five days in the IT service portal.",
      "The guest network only reaches the internet, not internal systems or printers. Company laptops must never use it: they connect to the \"Corp\" network automatically with their certificate.",
    ),
  },
  {
    id: "it-software-request",
    title: "Requesting software",
    text: paragraphs(
      "Approved software, such as the office suite, the password manager and diagram tools, can be installed by yourself from the company app store on your laptop.",
      "For anything else, raise a request in the IT service portal with the business reason and the cost. IT security reviews the vendor's security and data protection before it is approved; cloud services that store customer data also need a data processing agreement.",
      "Reviews take about five working days.",
    ),
  },
  {
    id: "it-service-desk",
    title: "Getting help from the IT service desk",
    text: paragraphs(
      "Raise requests and report problems through the IT service portal or by e-mail to the service desk. The desk answers from 07:00 to 19:00 on working days; urgent problems that stop you working can be phoned in.",
      "Outside those hours, only security incidents and outages of warehouse systems are handled, through the on-call number.",
      "Priority one tickets (a site or system down) get a response within 30 minutes, priority two within four hours.",
    ),
  },
  {
    id: "fac-meeting-rooms",
    title: "Booking meeting rooms",
    text: paragraphs(
      "Meeting rooms are booked through the calendar: add the room as a guest. Rooms not checked in on the screen outside within ten minutes of the start are released for others.",
      "Large rooms with video conferencing are for meetings with remote participants or more than six people. Please leave the room as you found it and wipe the whiteboard.",
      "Catering for visitors is ordered through reception by 14:00 the day before.",
    ),
  },
  {
    id: "fac-parking",
    title: "Parking and bicycle storage",
    text: paragraphs(
      "Parking at head office is limited. Spaces are allocated to people with a disability, pregnant colleagues, car-sharers and visitors first; other staff book a space in the parking app up to a week ahead.",
      "Electric vehicle chargers may be used for up to four hours, then the car must be moved. The covered bicycle store has lockers and showers on the ground floor.",
      "Staff who commute by bicycle receive a monthly allowance under the cycle scheme.",
    ),
  },
  {
    id: "fac-lost-property",
    title: "Lost and found",
    text: paragraphs(
      "Items found in the offices are handed to reception, and in the warehouses to the goods-in office. They are kept for one month and then donated, except documents and devices, which go to IT security.",
      "If you lose a company badge, report it at reception so it can be blocked at once; a replacement costs nothing the first time.",
    ),
  },
  {
    id: "fac-first-aid",
    title: "First aid and emergencies",
    text: paragraphs(
      "In a medical emergency call the emergency number first, then a first aider. First aiders' names and phone numbers are posted next to each first aid kit and at reception. Defibrillators hang at reception and at every warehouse dock office.",
      "During a fire alarm, leave by the nearest exit without collecting belongings and go to the assembly point shown on the evacuation plan. Fire wardens check the building and report to the site lead.",
      "Every accident, however small, is recorded in the safety app the same day.",
    ),
  },
  {
    id: "fac-office-move",
    title: "Moving desks within the office",
    text: paragraphs(
      "Teams that need to move within the office ask facilities two weeks in advance. Facilities provides crates on the Thursday; pack your things and label the crates with your name and new desk number.",
      "Movers carry the crates on Friday evening and IT reconnects docking stations, so everything works on Monday morning.",
      "Chairs and monitors move with you; desks stay where they are.",
    ),
  },
  {
    id: "fac-kitchen",
    title: "Office kitchens and coffee machines",
    text: paragraphs(
      "Coffee, tea, fruit and milk are free in every office kitchen. Clean up after yourself and put dishes in the dishwasher; the cleaners empty it in the morning.",
      "If a coffee machine shows an error or needs descaling, report it to facilities through the service portal instead of opening it. The fridges are emptied every Friday at 15:00; label food you want to keep.",
    ),
  },
];

interface Release {
  version: string;
  date: string;
  headline: string;
  changes: string[];
}

const releases: Release[] = [
  { version: "4.2", date: "February 2026", headline: "faster imports and a new duplicates report", changes: ["Contact and product imports run in the background and handle up to 50,000 rows.", "A duplicates report under CRM → Tools lists contacts with the same e-mail or name and phone number.", "Invoice PDFs can show a customer-specific legal note."] },
  { version: "4.3", date: "March 2026", headline: "recurring invoices", changes: ["Recurring invoice templates create invoices monthly, quarterly or yearly, as drafts or sent directly.", "Templates can be paused for a period.", "The audit log records exports and downloads of attachments."] },
  { version: "4.4", date: "April 2026", headline: "offline counting in the mobile app", changes: ["Stock counts and picking work without a connection; scans are synchronised when the phone is back online.", "Count sessions can be assigned to a person and a set of locations.", "Locations being counted are blocked for picking until the count is posted."] },
  { version: "4.5", date: "June 2026", headline: "smarter bank matching", changes: ["The reconciliation view reads invoice numbers from payment references and suggests matches across several invoices.", "Rules can post recurring bank fees automatically.", "CAMT.053 statements can be uploaded as well as MT940 and CSV."] },
  { version: "4.6", date: "August 2026", headline: "webhook reliability", changes: ["Webhook endpoints that fail for 72 hours are paused, and the administrators are e-mailed.", "Deliveries carry an event id so receivers can ignore repeats.", "The delivery log keeps 30 days of attempts."] },
  { version: "4.7", date: "October 2026", headline: "purchase order approvals", changes: ["Administrators can require approval for purchase orders above an amount, per warehouse.", "Approvers see pending purchase orders on their home page and can approve from the mobile app.", "The replenishment page groups suggested orders by preferred supplier."] },
];

const releaseNote = (release: Release): SourceDoc => ({
  id: `rel-${release.version.replace(".", "-")}`,
  title: `Release ${release.version} (${release.date}): ${release.headline}`,
  text: paragraphs(
    `Version ${release.version} of the platform was released in ${release.date}. The main change is ${release.headline}.`,
    `What's new:\n${release.changes.map((change) => `- ${change}`).join("\n")}`,
    "As always, the update is applied automatically to every organisation; there is nothing to install. Tell us what you think through the feedback button in the app.",
  ),
});

export function workplaceDocs(): SourceDoc[] {
  return [...itAndFacilities, ...releases.map(releaseNote)];
}
