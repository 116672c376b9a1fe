/**
 * Word lists for the synthetic corpus. Cheap to draw from and varied enough
 * that full-text search sees a realistic spread: a long tail of common words
 * plus the names of the entities each article is linked to.
 */

/** Ranked roughly by how often they are in defence news (Zipf draws favour the top). */
export const COUNTRIES: readonly [code: string, name: string][] = [
  ['US', 'United States'],
  ['RU', 'Russia'],
  ['UA', 'Ukraine'],
  ['CN', 'China'],
  ['FR', 'France'],
  ['GB', 'United Kingdom'],
  ['DE', 'Germany'],
  ['IN', 'India'],
  ['IL', 'Israel'],
  ['IR', 'Iran'],
  ['TR', 'Turkey'],
  ['PL', 'Poland'],
  ['AM', 'Armenia'],
  ['AZ', 'Azerbaijan'],
  ['JP', 'Japan'],
  ['KR', 'South Korea'],
  ['KP', 'North Korea'],
  ['TW', 'Taiwan'],
  ['SA', 'Saudi Arabia'],
  ['AE', 'United Arab Emirates'],
  ['EG', 'Egypt'],
  ['PK', 'Pakistan'],
  ['AU', 'Australia'],
  ['CA', 'Canada'],
  ['IT', 'Italy'],
  ['ES', 'Spain'],
  ['SE', 'Sweden'],
  ['FI', 'Finland'],
  ['NO', 'Norway'],
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['CZ', 'Czechia'],
  ['RO', 'Romania'],
  ['GR', 'Greece'],
  ['HU', 'Hungary'],
  ['BR', 'Brazil'],
  ['MX', 'Mexico'],
  ['AR', 'Argentina'],
  ['CL', 'Chile'],
  ['CO', 'Colombia'],
  ['ZA', 'South Africa'],
  ['NG', 'Nigeria'],
  ['ET', 'Ethiopia'],
  ['KE', 'Kenya'],
  ['DZ', 'Algeria'],
  ['MA', 'Morocco'],
  ['QA', 'Qatar'],
  ['KW', 'Kuwait'],
  ['IQ', 'Iraq'],
  ['SY', 'Syria'],
  ['JO', 'Jordan'],
  ['GE', 'Georgia'],
  ['KZ', 'Kazakhstan'],
  ['BY', 'Belarus'],
  ['MD', 'Moldova'],
  ['LT', 'Lithuania'],
  ['LV', 'Latvia'],
  ['EE', 'Estonia'],
  ['DK', 'Denmark'],
  ['PT', 'Portugal'],
  ['SG', 'Singapore'],
  ['ID', 'Indonesia'],
  ['MY', 'Malaysia'],
  ['TH', 'Thailand'],
  ['VN', 'Vietnam'],
  ['PH', 'Philippines'],
  ['BD', 'Bangladesh'],
  ['NZ', 'New Zealand'],
  ['CH', 'Switzerland'],
  ['AT', 'Austria'],
];

/** Countries that make most of the equipment, ranked. */
export const EXPORTERS = ['US', 'RU', 'FR', 'CN', 'DE', 'IT', 'GB', 'KR', 'IL', 'TR', 'ES', 'SE', 'IN', 'NL', 'PL', 'CZ', 'JP', 'UA'];

export const SECTIONS: readonly [slug: string, name: string][] = [
  ['war', 'War'],
  ['world', 'World'],
  ['politics', 'Politics'],
  ['defence', 'Defence'],
  ['europe', 'Europe'],
  ['asia', 'Asia'],
  ['middle-east', 'Middle East'],
  ['business', 'Business'],
  ['technology', 'Technology'],
  ['americas', 'Americas'],
  ['africa', 'Africa'],
  ['opinion', 'Opinion'],
];

export const FIRST_NAMES = [
  'Anna',
  'James',
  'Maria',
  'David',
  'Sofia',
  'Michael',
  'Elena',
  'John',
  'Laura',
  'Peter',
  'Kathrine',
  'Ahmed',
  'Olga',
  'Thomas',
  'Ines',
  'Daniel',
  'Yuki',
  'Samuel',
  'Chloe',
  'Arjun',
  'Fatima',
  'Lucas',
  'Hannah',
  'Marco',
  'Priya',
  'Jonas',
  'Leila',
  'Pavel',
  'Grace',
  'Omar',
  'Nina',
  'Felix',
  'Sara',
  'Mateo',
  'Irina',
  'Kofi',
];
export const LAST_NAMES = [
  'Smith',
  'Novak',
  'Garcia',
  'Frich',
  'Ivanova',
  'Chen',
  'Kim',
  'Müller',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Haddad',
  'Sato',
  'Patel',
  'Jensen',
  'Okafor',
  'Silva',
  'Nielsen',
  'Petrov',
  'Cohen',
  'Yilmaz',
  'Andersson',
  'Moreau',
  'Fischer',
  'Nakamura',
  'Reyes',
  'Santos',
  'Walker',
  'Lindqvist',
  'Mendes',
  'Berg',
  'Hughes',
  'Demir',
  'Rahman',
];

export const EQUIPMENT_KINDS = [
  'ARTILLERY',
  'SELF_PROPELLED_HOWITZER',
  'RADAR',
  'AIR_DEFENCE_MISSILE',
  'ARMOURED_VEHICLE',
  'AIRCRAFT',
  'SHIP',
  'OTHER',
] as const;

/** Nouns per equipment kind, used in names, titles and bodies. */
export const KIND_NOUNS: Record<(typeof EQUIPMENT_KINDS)[number], string[]> = {
  ARTILLERY: ['howitzer', 'gun', 'artillery system', 'mortar'],
  SELF_PROPELLED_HOWITZER: ['self-propelled howitzer', 'howitzer', 'artillery'],
  RADAR: ['radar', 'surveillance radar', 'sensor'],
  AIR_DEFENCE_MISSILE: ['air defence system', 'missile', 'interceptor'],
  ARMOURED_VEHICLE: ['armoured vehicle', 'infantry fighting vehicle', 'tank'],
  AIRCRAFT: ['fighter jet', 'aircraft', 'drone', 'helicopter'],
  SHIP: ['frigate', 'corvette', 'submarine', 'patrol vessel'],
  OTHER: ['system', 'munition', 'kit'],
};

export const EQUIPMENT_NAME_PARTS = [
  'Falcon',
  'Viper',
  'Aegis',
  'Trident',
  'Bastion',
  'Sentinel',
  'Thunder',
  'Orion',
  'Kestrel',
  'Titan',
  'Griffin',
  'Nomad',
  'Raptor',
  'Cobra',
  'Harpoon',
  'Vanguard',
  'Lynx',
  'Boxer',
  'Caesar',
  'Mistral',
  'Atlas',
  'Storm',
  'Hawk',
  'Spear',
  'Shield',
  'Arrow',
  'Polaris',
  'Tornado',
  'Mamba',
  'Saber',
  'Zephyr',
  'Onyx',
  'Granit',
  'Taiga',
];

export const DEAL_KINDS = ['ARMS_TRANSFER', 'AID', 'STRATEGIC_PARTNERSHIP', 'DEFENCE_COOPERATION', 'OTHER'] as const;
export const DEAL_STATUSES = ['ANNOUNCED', 'AGREED', 'IN_PROGRESS', 'DELIVERED', 'COMPLETED', 'CANCELLED'] as const;

export const CREDITS = ['Shutterstock', 'Reuters', 'AP Photo', 'Getty Images', 'AFP', 'EPA'];
export const SOURCES = ['WP', 'AP', 'Reuters', 'AFP', 'Bloomberg'];

export const VERBS = [
  'signs',
  'weighs',
  'expands',
  'rejects',
  'finalizes',
  'delays',
  'doubles',
  'announces',
  'seeks',
  'halts',
  'approves',
  'deepens',
  'questions',
  'backs',
  'cancels',
  'renews',
];
export const HEADLINE_NOUNS = [
  'deal',
  'partnership',
  'order',
  'talks',
  'aid package',
  'alliance',
  'pact',
  'purchase',
  'contract',
  'agreement',
];

/** The long tail of ordinary prose, most common first. */
export const COMMON_WORDS = (
  'the of and to in a is that for on with as was by it at from his her be this are have has said had not ' +
  'but an they which one were their been would will more its who about also after than there two new first ' +
  'other into over some could years last year government officials minister president country state military ' +
  'forces defence security war army told people may week month since while between during under against ' +
  'because where what when many most such only then them these those both each him she we our us very ' +
  'further already still however including according region border agreement support talks plan plans ' +
  'public report reported statement spokesman spokeswoman ministry official officials capital city cities ' +
  'troops soldiers weapons arms missiles systems system supply supplies budget billion million spending ' +
  'contract contracts delivery deliveries production factory industry industrial companies company firm ' +
  'analysts analyst experts expert told interview conference summit meeting visit leaders leader allies ally ' +
  'alliance partnership strategic cooperation relations relationship tension tensions conflict crisis ceasefire ' +
  'sanctions pressure economy economic trade energy gas oil nuclear civilian infrastructure training exercise ' +
  'exercises drills navy air force ground units brigade battalion division command commander general ' +
  'parliament lawmakers vote voted legislation law approved approval opposition election elections policy ' +
  'foreign domestic international regional global western eastern northern southern european asian ' +
  'long short range ranges modern older upgrade upgrades replace replacement fleet stock stocks ammunition ' +
  'shells rounds launcher launchers vehicles armoured artillery radar radars air sea land coast coastal ' +
  'threat threats attack attacks strike strikes drone drones defend defended protect protection deterrence ' +
  'invasion occupied territory territories withdraw withdrawal deploy deployed deployment base bases ' +
  'agreement treaty memorandum signed signing announced announcement expected likely could might should ' +
  'early late recent recently previously former current future next decade decades history historic ' +
  'important major significant key main largest smaller growing rising falling shift shifts change changes ' +
  'move moves step steps sign signal message warning warned called calls demand demands offer offered ' +
  'price cost costs value worth paid pay payment loan loans grant grants package packages fund funds ' +
  'delegation envoy ambassador embassy diplomats diplomatic negotiations negotiators framework roadmap ' +
  'partners partner rival rivals neighbour neighbours bloc union membership join joining left leave ' +
  'independence sovereignty stability peace peacekeepers mission missions observers monitoring humanitarian ' +
  'refugees aid relief reconstruction investment invested investments technology technologies research ' +
  'development engineers testing tested test trials procurement tender bid bids supplier suppliers ' +
  'recipient buyers buyer exporter exporters import imports export exports licence licences production ' +
  'line lines capacity output orders ordered order batch units delivered delivering schedule delays ' +
  'first second third final half quarter percent figures data estimate estimates officials sources ' +
  'according documents reported newspaper broadcaster agency agencies press briefing spokesperson'
).split(' ');
