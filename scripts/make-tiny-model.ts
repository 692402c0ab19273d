/**
 * Writes the tiny embedding model the tests load through the real transformers.js pipeline
 * (tokenizer, onnxruntime-node, mean pooling), with no download:
 *
 *   npx tsx scripts/make-tiny-model.ts
 *
 * Output: src/test/fixtures/models/neuroops/tiny-embedder/{config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model.onnx}. The same script always writes the same bytes (seeded
 * PRNG, arithmetic only: no Math.random, no transcendental functions).
 *
 * The "model" is one embedding lookup: Gather of a [vocab, DIMENSIONS] matrix over input_ids gives
 * last_hidden_state [batch, seq, DIMENSIONS]. attention_mask and token_type_ids are declared graph
 * inputs (the BERT feature-extraction pipeline passes both) but unused: pooling applies the mask.
 * Words of one hand-made topic share a topic direction plus their own noise (0.8 of it, so the words
 * themselves still count: a query sharing words with one document of a topic finds that one first),
 * so same-topic sentences pool to closer vectors than cross-topic ones. Other words get their own
 * random direction, weaker; function words, single characters, pieces and special tokens weaker still.
 */
import fs from "node:fs";
import path from "node:path";
import onnxProto, { type onnx as OnnxTypes } from "onnx-proto";

// A CommonJS module built by protobufjs: its namespace is a property of the default export.
const { onnx } = onnxProto;

const MODEL_DIR = path.resolve(import.meta.dirname, "../src/test/fixtures/models/neuroops/tiny-embedder");
const DIMENSIONS = 32;
const SEED = 0x5eed_2026;

const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

const TOPICS: Record<string, string> = {
  billing: `invoice invoices invoiced invoicing billing bill bills billed payment payments pay paid paying payer
    refund refunds refunded charge charges charged receipt receipts overdue due amount amounts subscription
    subscriptions renewal renew plan plans price prices pricing discount discounts coupon card cards stripe
    checkout seat seats dunning unpaid outstanding remittance`,
  inventory: `stock stocks warehouse warehouses inventory inventories item items product products sku skus
    shipment shipments ship shipped shipping delivery deliveries deliver delivered supplier suppliers quantity
    quantities reorder oversell pallet pallets bin bins shelf shelves picking packing package packages parcel
    parcels carrier freight backorder restock`,
  crm: `customer customers contact contacts deal deals lead leads pipeline prospect prospects opportunity
    opportunities client clients sales salesperson company companies account accounts meeting meetings call calls
    followup outreach negotiation won lost stage stages relationship crm partner partners vendor`,
  accounting: `ledger ledgers journal journals debit debits credit credits balance balances entry entries
    fiscal bookkeeping accountant accountants audit audits asset assets liability liabilities equity revenue
    expense expenses profit loss depreciation reconciliation reconcile tax taxes vat accrual cash`,
  people: `employee employees staff hire hiring hired recruit recruiting candidate candidates interview
    interviews salary salaries payroll vacation leave onboarding manager managers colleague colleagues
    team teams role roles member members hr benefits contract contracts`,
  support: `ticket tickets support issue issues bug bugs incident incidents outage complaint complaints
    helpdesk escalation escalate resolve resolved troubleshoot error errors crash crashes broken fix fixed
    problem problems urgent priority request requests`,
  weather: `weather rain raining rainy snow snowing storm storms sunny sun cloud clouds cloudy wind windy
    forecast temperature cold hot warm humid thunder lightning fog foggy climate season winter summer`,
  food: `food recipe recipes cook cooking kitchen dinner lunch breakfast bread cheese pasta pizza soup salad
    fruit apple apples banana vegetables meat chicken fish rice sugar salt coffee tea cake restaurant menu`,
  sports: `football soccer tennis basketball match matches goal goals player players score scored coach
    stadium league tournament championship referee game games race running runner swim swimming`,
  projects: `project projects task tasks deadline deadlines milestone milestones sprint sprints roadmap backlog
    assignee assigned progress kanban board boards scope estimate estimates launch timeline
    planning release releases feature features`,
  security: `password passwords login logins signin authentication permission permissions access secure
    security encryption encrypted token tokens session sessions breach phishing firewall mfa verification
    verify verified locked unlock credentials`,
  travel: `travel trip trips flight flights hotel hotels airport airline passport visa luggage booking
    booked vacationer tourist tourists beach journey destination train trains ticketing itinerary`,
};

// Function words: in nearly every sentence, so they get the weakest vectors.
const FUNCTION_WORDS = `the a an and or but if then else when while of to in on at by for with from into onto about
  over under between through after before during without within against among is are was were be been being
  am do does did done have has had having will would shall should can could may might must not no yes all any
  some none each every both either neither few many much more most less least other another such same own only
  very too also just still even again here there where why how what which who whom whose this that these those
  i me my mine we us our you your he him his she her it its they them their please thanks thank`;

// Common words with no topic: each gets its own weaker random direction.
const GENERAL = `already soon now today tomorrow yesterday one two three four five six seven eight nine ten hundred thousand million first second third
  last next new old good bad great small large big long short high low early late right left true false best
  better worse worst open close closed opened start started end ended make made take took give gave get got
  go went come came see saw know knew think thought want need use used find found tell told ask asked work
  worked seem feel try tried call leave put mean keep let begin show heard play move live believe bring happen
  write provide sit stand lose add change lead understand watch follow stop create speak read allow spend grow
  offer remember love consider appear buy wait serve die send expect build stay fall cut reach kill remain
  suggest raise pass sell require report decide pull time year people way day man woman child world life
  hand part place case week point government number group night water room mother area money story fact month
  lot study book eye job word business side kind head house service friend father power hour line end member law
  car city community name president team minute idea kid body information back parent face others level office
  door health person art war history party result morning reason research girl guy moment air teacher force
  education foot boy age policy everything process music market sense nation plan college interest death
  experience effect class control care field development role effort rate heart drug show leader light voice
  wife police mind price report decision son view relationship town road arm difference value building action
  model season society tax director position player record paper space ground form event official matter
  center couple site project activity star table need court oil situation cost industry figure street image
  phone data picture practice piece land product doctor wall patient worker news test movie north love support
  technology step baby computer type attention film tree source organization hair window evidence population
  site truth mind list window system program question home school country problem state family student
  hospital task file files folder document documents upload uploaded download page pages screen button link
  email emails message messages note notes report reports summary search find question answer answers please
  thanks thank hello dear regards sorry help show list export import update delete create edit view settings
  user users admin password login sign signed account workspace organization tenant module modules module
  dashboard chart charts table tables row rows column columns field fields filter filters sort date dates time
  times week weeks month months year years quarter quarterly monthly weekly daily annual red blue green yellow
  black white grey dog cat horse bird house car bus train plane boat road street bridge river sea mountain
  forest garden flower flowers tree trees stone music song songs movie film book books story stories game art
  color number numbers letter letters word words language english french german spanish country countries city
  cities europe america asia africa london paris berlin monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december morning evening night
  noon hour hours minute minutes second seconds today happy sad angry calm quiet loud fast slow easy hard simple
  clear clean dirty full empty free busy ready sure certain possible important available private public local
  global total final main major minor general special common usual normal similar different various several
  whole entire half double single extra real actual current recent future past present modern ancient young
  near far inside outside above below around across along behind beyond upon toward towards per via because
  since until unless though although however therefore thus instead otherwise perhaps maybe probably really
  actually usually often always never sometimes rarely once twice able above accept accepted according
  across act acting active add added adding address addressed adjust adjusted advance advice affect afford
  afraid afternoon age agency agent agree agreed agreement ahead aim allowed almost alone alternative amazing
  analysis analyst analyze announce announced answer anyone anything anyway anywhere apart app apply applied
  approach approval approve approved arrive arrived article aside assume attach attached attachment attempt
  attend attention author automatic automatically average avoid aware away background balance bank base
  based basic basis bear beat beautiful became become becomes bed beginning behavior benefit beside beyond
  bit blank block body bottom box brand break brief bright broad brought brown budget bunch button cancel
  cancelled capital capture career careful carry catch category cause caused central chain chair challenge
  chance channel chapter character check checked choice choose chosen circle claim clearly click code
  collect collection comment comments commercial commit committee communication compare compared complete
  completed complex component concept concern condition confirm confirmed connect connected connection
  consistent constant contain content context continue continued contribute control copy corner correct
  correctly count counted couple course cover covered crazy credit criteria critical cross crowd culture
  custom cycle damage dark deadline deal dear debate decade decide decided decision deep default define
  defined degree demand department depend depending deposit describe description design designed detail
  details determine develop developed device difficult digital dinner direct direction directly discuss
  discussed discussion display distance divide division doing domain draft draw drive drop dropped due
  duplicate duty easily east economic economy edge edition effective efficient either element else enable
  enabled encourage energy engine engineer enjoy enough ensure enter entered entire environment equal
  especially estimate etc evening eventually ever everyone everybody exact exactly example examples except
  exchange exist existing expected expensive explain explained express extend extended external facility
  factor fail failed failure fair fairly familiar famous feature fee feedback feeling fell felt figure fill
  filled finally finance financial fine finish finished fire firm fit fixed flat flow fly focus folks
  following force foreign forget forgot format former forward frame frequent fresh front fully function
  fund funds further gain gap gather gave generally generate generated gift glad goes going gone grade
  grant graph ground growth guess guide habit handle handled happened hardly hear held helpful hidden
  hide highly hit hold holding hole holiday hope hoped huge human hundreds identify ignore imagine impact
  improve improved include included including income increase increased indeed index individual industry
  inform initial input install installed instance intend internal internet introduce invite invited involve
  involved item join joined joint judge jump key kept kind knowledge label labels lack largely launch layer
  learn learned likely limit limited link linked listed loaded loan location logic look looked looking
  lose lower machine mail maintain manage managed manual mark marked master material maximum measure media
  medium meet memory mention mentioned method middle mind minimum miss missed missing mistake mix mobile
  mode modern modify moment monitor moreover mostly motion multiple narrow native natural nearly necessary
  negative network neutral nice nobody node nor notice notified object obvious obviously occur odd offer
  officer official ok okay online operation option options order ordered orders origin original outcome
  output overall owner pair panel paragraph parent particular partly passed path pattern pause peak pending
  percent percentage perfect perform performance period permanent personal phase pick picked piece plain
  platform pleased plenty plus pocket policy poor popular portion positive post posted potential practical
  prefer prepare prepared press pressure pretty prevent preview previous previously primary principle print
  printed prior private procedure produce produced professional profile program progress promise proper
  property proposal propose proposed protect prove provided provider purchase purchased purpose push quality
  quick quickly quite range rank rapid rather raw reached reader reading realize reason receive received
  recently recognize recommend record recorded reduce reduced reference region register regular regularly
  reject rejected relate related release relevant rely remove removed repeat replace replaced reply require
  required resource resources respond response responsible rest restore return returned review reviewed
  rich rise risk round rule rules run safe sample save saved scale schedule scheduled section sector see
  select selected self send sending sense sent separate sequence series serious set setting setup share
  shared sheet shift ship shown sign signal significant silver similar simply site size skill skip slightly
  smart software solid solution solve solved someone something somewhere sort sound space speed split spot
  spread square staff standard status step stick straight strategy stream strength strong structure
  subject submit submitted success successful suddenly suggest suggested summary supply suppose surface
  switch symbol tab tag tags target teach technical template term terms text theory thing things third
  though threshold throughout tiny title together tool tools top topic touch track trade traffic transfer
  trend trial trust truly turn type typical unit unknown update updated upgrade upper upset useful valid
  value values variable version visible visit volume warning waste weight welcome wide wish wonder worth
  wrong yet zone`;

// Continuation pieces so most unseen words split into pieces instead of [UNK].
const SUFFIXES = "s es ed ing er ers ly est ment ments ness tion tions able ible al ial ful less ous ive ize ise ity y";

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function buildVocabulary(): { tokens: string[]; topicOf: Map<string, number>; functionWords: Set<string> } {
  const tokens: string[] = [...SPECIAL_TOKENS];
  const seen = new Set<string>(tokens);
  const add = (token: string) => {
    if (seen.has(token)) return;
    seen.add(token);
    tokens.push(token);
  };
  const letters = "abcdefghijklmnopqrstuvwxyz0123456789".split("");
  for (const c of letters) add(c);
  for (const c of letters) add(`##${c}`);
  for (const c of ".,;:!?'\"()-/&%$€@#*+=_") add(c);
  for (const suffix of words(SUFFIXES)) add(`##${suffix}`);

  const topicOf = new Map<string, number>();
  Object.values(TOPICS).forEach((list, topic) => {
    for (const word of words(list)) {
      if (!topicOf.has(word)) topicOf.set(word, topic);
      add(word);
    }
  });
  for (const word of words(FUNCTION_WORDS)) add(word);
  for (const word of words(GENERAL)) add(word);
  return { tokens, topicOf, functionWords: new Set(words(FUNCTION_WORDS)) };
}

/** mulberry32: a small seeded PRNG; only integer arithmetic and one division. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussianVector(random: () => number): number[] {
  // Irwin–Hall (sum of 4 uniforms, centred): close enough to normal and free of log/cos.
  return Array.from({ length: DIMENSIONS }, () => random() + random() + random() + random() - 2);
}

function unit(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return vector.map((x) => x / norm);
}

function embeddingMatrix({ tokens, topicOf, functionWords }: ReturnType<typeof buildVocabulary>): Float32Array {
  const random = prng(SEED);
  const topicDirections = Object.keys(TOPICS).map(() => unit(gaussianVector(random)));
  const matrix = new Float32Array(tokens.length * DIMENSIONS);
  tokens.forEach((token, row) => {
    const noise = unit(gaussianVector(random));
    const topic = topicOf.get(token);
    let vector: number[];
    if (token === "[PAD]") vector = noise.map(() => 0);
    else if (topic !== undefined) vector = topicDirections[topic]!.map((x, i) => x + 0.8 * noise[i]!);
    else if (token.startsWith("[") || token.length === 1 || token.startsWith("##")) vector = noise.map((x) => 0.1 * x);
    else if (functionWords.has(token)) vector = noise.map((x) => 0.15 * x);
    else vector = noise.map((x) => 0.35 * x);
    matrix.set(vector, row * DIMENSIONS);
  });
  return matrix;
}

function tensorType(elemType: OnnxTypes.TensorProto.DataType, dims: (string | number)[]): OnnxTypes.ITypeProto {
  return {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
    },
  };
}

function onnxModel(vocabularySize: number, matrix: Float32Array): Uint8Array {
  const int64 = onnx.TensorProto.DataType.INT64;
  const float = onnx.TensorProto.DataType.FLOAT;
  const bytes = new Uint8Array(matrix.byteLength);
  const view = new DataView(bytes.buffer);
  matrix.forEach((x, i) => view.setFloat32(i * 4, x, true)); // ONNX raw data is little-endian.
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: "neuroops scripts/make-tiny-model.ts",
    opsetImport: [{ domain: "", version: 13 }],
    graph: {
      name: "tiny-embedder",
      node: [{ opType: "Gather", input: ["embeddings", "input_ids"], output: ["last_hidden_state"], attribute: [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }] }],
      initializer: [{ name: "embeddings", dataType: float, dims: [vocabularySize, DIMENSIONS], rawData: bytes }],
      input: ["input_ids", "attention_mask", "token_type_ids"].map((name) => ({ name, type: tensorType(int64, ["batch", "sequence"]) })),
      output: [{ name: "last_hidden_state", type: tensorType(float, ["batch", "sequence", DIMENSIONS]) }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(tokens: string[]): unknown {
  const id = (token: string) => tokens.indexOf(token);
  const special = (token: string) => ({ id: id(token), content: token, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const specialToken = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  const sequence = (name: "A" | "B", typeId: number) => ({ Sequence: { id: name, type_id: typeId } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [specialToken("[CLS]", 0), sequence("A", 0), specialToken("[SEP]", 0)],
      pair: [specialToken("[CLS]", 0), sequence("A", 0), specialToken("[SEP]", 0), sequence("B", 1), specialToken("[SEP]", 1)],
      special_tokens: Object.fromEntries(["[CLS]", "[SEP]"].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(tokens.map((token, i) => [token, i])),
    },
  };
}

function main() {
  const vocabulary = buildVocabulary();
  const { tokens } = vocabulary;
  const matrix = embeddingMatrix(vocabulary);
  const config = {
    _name_or_path: "neuroops/tiny-embedder",
    architectures: ["BertModel"],
    model_type: "bert",
    hidden_size: DIMENSIONS,
    vocab_size: tokens.length,
    max_position_embeddings: 512,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: DIMENSIONS,
    type_vocab_size: 2,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    model_max_length: 512,
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    mask_token: "[MASK]",
    strip_accents: null,
    tokenize_chinese_chars: true,
    clean_up_tokenization_spaces: true,
  };
  fs.mkdirSync(path.join(MODEL_DIR, "onnx"), { recursive: true });
  const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;
  fs.writeFileSync(path.join(MODEL_DIR, "config.json"), json(config));
  fs.writeFileSync(path.join(MODEL_DIR, "tokenizer_config.json"), json(tokenizerConfig));
  fs.writeFileSync(path.join(MODEL_DIR, "tokenizer.json"), `${JSON.stringify(tokenizerJson(tokens))}\n`);
  fs.writeFileSync(path.join(MODEL_DIR, "onnx", "model.onnx"), onnxModel(tokens.length, matrix));
  console.log(`Wrote ${path.relative(process.cwd(), MODEL_DIR)}: ${tokens.length} tokens, ${DIMENSIONS} dimensions.`);
}

main();
