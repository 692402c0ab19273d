/** HR handbook sections: general pages, plus leave rules per country (near-duplicates of each other). */
import { paragraphs, type SourceDoc } from "./types";

interface Country {
  key: string;
  name: string;
  parental: string;
  parentalPay: string;
  sickNotice: string;
  sickPay: string;
  holidays: number;
}

const countries: Country[] = [
  { key: "nl", name: "the Netherlands", parental: "Birth leave for the partner is one working week, followed by up to five weeks of additional birth leave paid by the UWV. Each parent may also take 26 weeks of parental leave before the child turns eight, of which nine weeks are paid at 70% by the UWV in the first year.", parentalPay: "The company tops up the paid weeks of parental leave to 100% of salary for the first nine weeks.", sickNotice: "Call your manager before 09:00 on the first day. The company doctor (bedrijfsarts) contacts you if you are absent for more than two weeks.", sickPay: "Salary continues at 100% for the first year of illness and 70% in the second year.", holidays: 25 },
  { key: "uk", name: "the United Kingdom", parental: "Mothers and adopters may take up to 52 weeks of maternity or adoption leave. Partners may take one or two weeks of paternity leave within 52 weeks of the birth, and parents can share leave through Shared Parental Leave.", parentalPay: "The company pays full salary for the first 16 weeks of maternity or adoption leave, then statutory pay; paternity leave is paid in full.", sickNotice: "Tell your manager by phone before your shift starts. From the eighth calendar day you need a fit note from your GP.", sickPay: "Full pay for up to 10 days a year in the first year of service, rising to 30 days after two years; statutory sick pay after that.", holidays: 25 },
  { key: "de", name: "Germany", parental: "Each parent may take up to three years of Elternzeit per child, and may work up to 32 hours a week during it. Mothers have a protection period (Mutterschutz) of six weeks before and eight weeks after the birth.", parentalPay: "The state pays Elterngeld during Elternzeit; the company pays the difference between maternity benefit and net salary during Mutterschutz, as the law requires.", sickNotice: "Report sick to your manager on the first day. From the fourth day a doctor's certificate is needed, transmitted electronically by the practice.", sickPay: "Salary continues for six weeks per illness; after that the health insurer pays sickness benefit.", holidays: 28 },
  { key: "fr", name: "France", parental: "Maternity leave is 16 weeks for a first or second child, longer from the third child. The second parent has 25 days of paternity and childcare leave, four of which must be taken right after the birth.", parentalPay: "The company maintains full salary during maternity and paternity leave, minus the daily allowances paid by the health insurance fund.", sickNotice: "Inform your manager on the first day and send the sick note (arrêt de travail) within 48 hours.", sickPay: "After one year of service, salary is maintained at 90% for 30 days and at two thirds for the following 30 days, under the collective agreement.", holidays: 25 },
  { key: "es", name: "Spain", parental: "Each parent is entitled to 16 weeks of leave for the birth of a child, six of which are taken full-time right after the birth. The remaining ten weeks may be spread, full- or part-time, until the child turns one.", parentalPay: "Social security pays the birth benefit at 100% of the regulatory base; the company tops up to full net salary where the base is capped.", sickNotice: "Tell your manager before your shift. Sick notes are sent electronically by the public health service; you do not need to hand in paper copies.", sickPay: "Under the collective agreement, the company tops up social security sick pay to 100% of salary from the first day, for up to twelve months.", holidays: 23 },
  { key: "jp", name: "Japan", parental: "Employees may take childcare leave until the child turns one, extendable to two years if no nursery place is available. Fathers may also take up to four weeks of postnatal paternity leave within eight weeks of the birth, in up to two blocks.", parentalPay: "Employment insurance pays a childcare leave benefit of 67% of wages for the first 180 days and 50% after that; the company adds 10 paid days at full salary.", sickNotice: "Contact your manager before the start of work. A doctor's certificate is required after four consecutive days.", sickPay: "The company grants 5 days of paid sick leave a year; after that, health insurance pays an injury and sickness allowance of two thirds of wages from the fourth day.", holidays: 20 },
  { key: "us", name: "the United States", parental: "Employees with 12 months of service may take up to 12 weeks of job-protected leave under FMLA for the birth, adoption or foster placement of a child. Some states add their own paid family leave programmes.", parentalPay: "The company pays 12 weeks of full salary to the birthing parent and 6 weeks to the other parent, on top of any state benefit.", sickNotice: "Let your manager know before your shift. A doctor's note is requested only after three consecutive days.", sickPay: "Employees accrue one hour of paid sick time for every 30 hours worked, up to 72 hours a year, or more where state law requires.", holidays: 15 },
];

const leavePages = (country: Country): SourceDoc[] => [
  {
    id: `hr-parental-leave-${country.key}`,
    title: `Parental leave in ${country.name}`,
    text: paragraphs(
      `This section applies to employees on a contract in ${country.name}. ${country.parental}`,
      country.parentalPay,
      "Tell HR of your plans at least eight weeks before the leave starts, so that your manager can arrange cover. Your job, or an equivalent one, is kept for you while you are away.",
    ),
  },
  {
    id: `hr-sick-leave-${country.key}`,
    title: `Sickness absence in ${country.name}`,
    text: paragraphs(
      `These rules apply to employees in ${country.name}. ${country.sickNotice}`,
      country.sickPay,
      `Record the absence in the HR portal when you are back. Annual leave entitlement in ${country.name} is ${country.holidays} days for a full-time employee, and leave days on which you were ill can be taken later if you report the illness during them.`,
    ),
  },
];

const pages: SourceDoc[] = [
  {
    id: "hr-handbook-introduction",
    title: "About this handbook",
    text: paragraphs(
      "This handbook brings together the rules and benefits that apply to everyone working for the group, whatever their site or country. Where local law or a collective agreement gives you more, that wins; the country pages for leave and sickness say what differs in each country.",
      "The handbook is not part of your employment contract, and the company may update it after consulting the works councils where that is required. Changes are announced on the intranet with a summary of what changed and why.",
      "Each section names the team that owns it. If something is unclear or seems wrong for your situation, ask your manager or your HR partner before acting. Suggestions for improving the handbook are welcome through the HR portal.",
      "New employees are asked to read the sections on conduct, health and safety, working hours and leave during their first week.",
    ),
  },
  {
    id: "hr-remote-work",
    title: "Working from home",
    text: paragraphs(
      "Office-based employees may work from home up to three days a week once they have passed probation, in agreement with their manager. Warehouse, reception and facilities roles are on site by nature.",
      "Your home workplace must be safe and quiet enough for calls; complete the home workstation checklist in the HR portal once a year. Company data stays on company devices, and public Wi-Fi is used only through the VPN.",
      "Working from abroad is limited to 20 days a year and needs HR approval in advance, because of tax and social security rules.",
    ),
  },
  {
    id: "hr-home-office-allowance",
    title: "Home office equipment allowance",
    text: paragraphs(
      "Employees who work from home at least two days a week receive a one-off allowance of EUR 400 to equip their home workplace with a desk, chair, monitor or headset. Claim it once, with receipts, in the expenses app under \"home office\".",
      "Items bought with the allowance are yours to keep. A monthly contribution of EUR 20 towards electricity and internet is paid with salary.",
      "The IT department lends a second monitor and docking station on request; these remain company property and are returned when you leave.",
    ),
  },
  {
    id: "hr-probation",
    title: "Probation period",
    text: paragraphs(
      "New employees serve a probation period of three months (six months for managers, where local law allows). During probation the notice period for either side is one week.",
      "Your manager holds check-in conversations at the end of the first and second month, and a final review two weeks before the end of probation. The outcome is recorded in the HR portal: confirmed, extended once by up to three months, or ended.",
      "If probation is extended, the reasons and the goals for the extension are given in writing.",
    ),
  },
  {
    id: "hr-performance-review",
    title: "Annual performance review",
    text: paragraphs(
      "Performance reviews take place in January. Employees write a self-assessment against last year's goals and the company values; managers gather feedback from two or three colleagues the employee chooses.",
      "The review conversation covers results, behaviour and development, and ends with new goals for the year. Ratings are calibrated across each department before they are shared, so that the same rating means the same thing everywhere.",
      "Salary increases are decided in March based on the calibrated rating and the market position of the role.",
    ),
  },
  {
    id: "hr-overtime",
    title: "Overtime and time off in lieu",
    text: paragraphs(
      "Overtime is work beyond your contracted weekly hours that your manager asked for in advance. Warehouse and hourly staff are paid overtime at 125% on weekdays, 150% on Saturdays and 200% on Sundays and public holidays.",
      "Salaried staff up to team lead level may instead take time off in lieu, hour for hour, within three months. Managers are not paid for overtime; their salary reflects occasional long days.",
      "Nobody works more than 48 hours a week averaged over 17 weeks unless they have signed the opt-out where the law allows it.",
    ),
  },
  {
    id: "hr-code-of-conduct",
    title: "Code of conduct",
    text: paragraphs(
      "We treat colleagues, customers and suppliers with respect, honesty and fairness. We do not tolerate discrimination on grounds of sex, race, religion, disability, age, sexual orientation or any other protected characteristic.",
      "Conflicts of interest, such as a family member working for a supplier you select, must be declared to your manager and HR. Company assets, including time, are used for company purposes.",
      "Breaches of this code may lead to disciplinary action up to dismissal. If you are unsure whether something is right, ask your manager, HR or the ethics line before acting.",
    ),
  },
  {
    id: "hr-harassment",
    title: "Reporting harassment or bullying",
    text: paragraphs(
      "Harassment is unwanted conduct that violates someone's dignity or creates an intimidating, hostile or offensive environment, including sexual harassment. Bullying is repeated behaviour that undermines or humiliates a person.",
      "If it happens to you or you see it, you may speak to your manager, any HR partner, or the confidential counsellor, whose details are on the intranet. You can also report anonymously through the ethics line.",
      "Every report is investigated promptly and confidentially. Nobody is penalised for raising a concern in good faith.",
    ),
  },
  {
    id: "hr-whistleblowing",
    title: "Whistleblowing",
    text: paragraphs(
      "If you suspect fraud, bribery, a safety danger, a breach of law or the covering up of any of these, report it through the ethics line, which is run by an outside provider and can be used anonymously by phone or web form.",
      "Reports are received by the chair of the audit committee and the general counsel, never by the people concerned. You receive an acknowledgement within seven days and feedback on the follow-up within three months.",
      "Retaliation against a reporter is itself a serious disciplinary offence.",
    ),
  },
  {
    id: "hr-bereavement",
    title: "Bereavement leave",
    text: paragraphs(
      "When a partner, child or parent dies, you may take up to ten working days of paid leave. For the death of a sibling, grandparent or parent-in-law, up to three paid days are granted, and one day for attending the funeral of another relative or close friend.",
      "Tell your manager as soon as you can; no paperwork is asked for at the time. More time can be arranged as unpaid leave or annual leave, and the employee assistance programme offers free counselling.",
    ),
  },
  {
    id: "hr-jury-duty",
    title: "Jury service and public duties",
    text: paragraphs(
      "Employees called for jury service are given the time off and continue to receive their full salary; any loss-of-earnings allowance paid by the court is passed on to the company.",
      "Give your manager a copy of the summons as soon as you receive it. If the timing would seriously harm the business, HR can help you ask the court to defer, but never to be excused.",
      "Reasonable time off is also given for duties as a local councillor, school governor or reservist, agreed case by case.",
    ),
  },
  {
    id: "hr-training-budget",
    title: "Learning and development budget",
    text: paragraphs(
      "Each employee has a learning budget of EUR 1,000 a year for courses, conferences, books and certifications related to their current or next role. Unused budget does not carry over.",
      "Agree the course with your manager and book it through the learning portal. Study time for approved certifications is up to five working days a year.",
      "If the company pays more than EUR 3,000 for a single programme and you resign within twelve months of finishing it, you repay a share of the cost, reduced month by month.",
    ),
  },
  {
    id: "hr-onboarding",
    title: "Your first week",
    text: paragraphs(
      "On your first day your manager welcomes you at reception at 09:00. IT hands over your laptop and badge, and you sign in to the HR portal to check your personal and bank details.",
      "During the first week you complete the mandatory online modules: information security, data protection, health and safety and the code of conduct. Warehouse staff also complete the site induction and the manual handling training before working on the floor.",
      "You will be given a buddy from another team to answer the questions you would rather not ask your manager.",
    ),
  },
  {
    id: "hr-offboarding",
    title: "Leaving the company",
    text: paragraphs(
      "Resignations are given in writing to your manager, who informs HR. Your notice period is in your contract; remaining holiday is usually taken during the notice period or paid out with the last salary.",
      "On your last day, return your laptop, phone, badge, corporate card and any keys to your manager, who signs the return checklist. Access to systems ends at midnight.",
      "HR invites you to an exit interview. Your feedback is shared with management only in anonymised, grouped form.",
    ),
  },
  {
    id: "hr-relocation",
    title: "Relocation support",
    text: paragraphs(
      "When the company asks you to move to another city or country for your role, we pay for removals, up to two house-hunting trips, temporary housing for up to two months, and a relocation allowance of one month's salary.",
      "For international moves we also arrange visas, tax advice for the year of the move, and language lessons for you and your partner.",
      "If you leave within a year of the move, you repay half of the relocation allowance.",
    ),
  },
  {
    id: "hr-referral-bonus",
    title: "Employee referral bonus",
    text: paragraphs(
      "If you recommend someone who is then hired, you receive a bonus of EUR 1,500 once your referral has completed probation. Referrals for roles marked as hard to fill earn EUR 3,000.",
      "Submit the candidate through the referrals page of the careers site before they apply themselves; a candidate already in our system from the last six months does not count.",
      "Hiring managers and recruiters cannot receive a bonus for roles they recruit for.",
    ),
  },
  {
    id: "hr-working-hours-warehouse",
    title: "Shift patterns in the warehouses",
    text: paragraphs(
      "Warehouse teams work in early (06:00–14:00), late (14:00–22:00) and, at sites that run around the clock, night shifts (22:00–06:00). Rotas are published four weeks in advance.",
      "Shift swaps are allowed between colleagues with the same training, approved by the shift lead in the rota tool. Night shifts earn a 25% premium and weekend shifts 50%.",
      "Each shift includes a paid 30-minute break; staff working in the cold store take an additional 10-minute warm-up break every two hours.",
    ),
  },
  {
    id: "hr-health-safety",
    title: "Health and safety responsibilities",
    text: paragraphs(
      "Every employee must follow the safety instructions of their site, wear the protective equipment provided, and report hazards, near misses and accidents the same day in the safety app.",
      "In the warehouses, safety shoes and high-visibility vests are mandatory beyond the yellow line, and only trained, authorised staff may drive forklifts or reach trucks. Certificates are renewed every three years.",
      "First aiders and fire wardens are listed on the noticeboard at every site entrance.",
    ),
  },
  {
    id: "hr-employee-assistance",
    title: "Employee assistance programme",
    text: paragraphs(
      "Employees and their household members can call the employee assistance programme, free and confidential, 24 hours a day. Trained counsellors help with stress, grief, relationship problems, debt and legal questions.",
      "Up to six face-to-face or video counselling sessions per issue are paid for by the company. The company never learns who called or why; it receives only anonymous usage figures.",
    ),
  },
  {
    id: "hr-sabbatical",
    title: "Unpaid leave and sabbaticals",
    text: paragraphs(
      "After three years of service you may ask for an unpaid sabbatical of one to six months, for study, travel, care or a personal project. Requests are made at least three months in advance and approved by your director.",
      "Your job is kept for you and benefits such as health insurance continue; pension contributions pause. Shorter unpaid leave of up to four weeks can be agreed with your manager at any time.",
    ),
  },
  {
    id: "hr-company-car",
    title: "Company cars",
    text: paragraphs(
      "Sales staff who drive more than 20,000 business kilometres a year, and directors, are entitled to a company car from the approved list. New cars are fully electric unless the charging network makes that impractical for the role.",
      "The company pays leasing, insurance, maintenance and charging or fuel, including a reasonable amount of private use, which is taxed as a benefit in kind. Fines and damage caused by negligence are paid by the driver.",
    ),
  },
];

export function hrDocs(): SourceDoc[] {
  return [...pages, ...countries.flatMap(leavePages)];
}
