// Word lists for the synthetic demo catalog. All names are made up; genres are TMDB's real 20 with their real ids.

/** The 20 genres of The Movies Dataset, with their TMDB ids. */
export const TMDB_GENRES: readonly { id: number; name: string }[] = [
  { id: 28, name: 'Action' },
  { id: 12, name: 'Adventure' },
  { id: 16, name: 'Animation' },
  { id: 35, name: 'Comedy' },
  { id: 80, name: 'Crime' },
  { id: 99, name: 'Documentary' },
  { id: 18, name: 'Drama' },
  { id: 10751, name: 'Family' },
  { id: 14, name: 'Fantasy' },
  { id: 10769, name: 'Foreign' },
  { id: 36, name: 'History' },
  { id: 27, name: 'Horror' },
  { id: 10402, name: 'Music' },
  { id: 9648, name: 'Mystery' },
  { id: 10749, name: 'Romance' },
  { id: 878, name: 'Science Fiction' },
  { id: 10770, name: 'TV Movie' },
  { id: 53, name: 'Thriller' },
  { id: 10752, name: 'War' },
  { id: 37, name: 'Western' },
];

/** Relative genre frequencies, roughly as in the real metadata (Drama and Comedy dominate). */
export const GENRE_WEIGHTS: Record<string, number> = {
  Action: 9, Adventure: 6, Animation: 2, Comedy: 19, Crime: 6.5, Documentary: 2, Drama: 26, Family: 4.5, Fantasy: 3.6,
  Foreign: 1, History: 1.6, Horror: 5, Music: 2.3, Mystery: 3.6, Romance: 11, 'Science Fiction': 4.6, 'TV Movie': 0.4,
  Thriller: 10.6, War: 1.6, Western: 1.1,
};

/** Keywords typical of each genre, so keyword soups correlate with genres like in the real data. */
export const GENRE_KEYWORDS: Record<string, readonly string[]> = {
  Action: ['explosion', 'car chase', 'martial arts', 'shootout', 'bodyguard', 'hostage', 'mercenary', 'one man army', 'heist', 'revenge'],
  Adventure: ['treasure', 'island', 'expedition', 'jungle', 'pirate', 'map', 'quest', 'mountain', 'shipwreck', 'desert'],
  Animation: ['talking animal', 'toy', 'anthropomorphism', 'cartoon', 'musical number', 'sky whale', 'toy comes to life'],
  Comedy: ['road trip', 'wedding', 'mistaken identity', 'slapstick', 'roommate', 'bachelor party', 'parody', 'best friend'],
  Crime: ['murder', 'detective', 'mafia', 'gangster', 'corruption', 'police', 'drug dealer', 'bank robbery', 'undercover'],
  Documentary: ['interview', 'archive footage', 'biography', 'nature', 'music history', 'investigation'],
  Drama: ['family', 'father son relationship', 'mother daughter relationship', 'grief', 'small town', 'addiction', 'divorce', 'coming of age'],
  Family: ['christmas', 'dog', 'kid\'s birthday', 'friendship', 'summer camp', 'babysitter', 'pet'],
  Fantasy: ['magic', 'dragon', 'wizard', 'fairy tale', 'princess', 'curse', 'enchanted forest', 'memory thief'],
  Foreign: ['subtitled', 'village life', 'émigré', 'cultural identity'],
  History: ['world war ii', 'biography', 'monarchy', 'revolution', '19th century', 'ancient rome'],
  Horror: ['ghost', 'haunted house', 'vampire', 'zombie', 'serial killer', 'possession', 'cabin in the woods', 'slasher'],
  Music: ['jazz', 'musician', 'band', 'concert', 'singer', 'piano', 'rock \'n\' roll'],
  Mystery: ['whodunit', 'amnesia', 'secret', 'disappearance', 'conspiracy', 'puzzle', 'private detective'],
  Romance: ['love', 'love triangle', 'first love', 'paris', 'long distance relationship', 'forbidden love', 'café'],
  'Science Fiction': ['time travel', 'space', 'alien', 'robot', 'artificial intelligence', 'dystopia', 'post-apocalyptic', 'spaceship', 'clone'],
  'TV Movie': ['made for tv', 'holiday', 'small business'],
  Thriller: ['spy', 'hacker', 'kidnapping', 'stalker', 'cat and mouse', 'double cross', 'assassin', 'blackmail'],
  War: ['soldier', 'battle', 'resistance', 'prisoner of war', 'cold war', 'submarine', 'trench warfare'],
  Western: ['cowboy', 'sheriff', 'gunfight', 'outlaw', 'frontier', 'wild west', 'horse', 'saloon'],
};

/** Keywords not tied to a genre (includes an NBSP one like the real '\xa0nightgown', and real-data noise tags). */
export const GENERAL_KEYWORDS: readonly string[] = [
  'based on novel', 'independent film', 'woman director', 'duringcreditsstinger', 'aftercreditsstinger', 'new york', 'london',
  'berlin', 'tokyo', 'train', 'lighthouse keeper', 'ocean', 'rain', 'night', 'secret identity', 'based on true story',
  'photographer', 'journalist', 'lawyer', 'trial', 'scientist', 'experiment', 'teacher', 'nurse', 'chef', 'bakery',
  'clockwork garden', 'über-villain', "based on children's book", 'tough\u00a0girl', 'norwegian fjord', 'nostalgia',
  'loneliness', 'betrayal', 'redemption', 'escape', 'survival', 'rivalry', 'jealousy', 'dream', 'sequel', 'remake',
];

export const TITLE_ADJECTIVES: readonly string[] = [
  'Silent', 'Crimson', 'Last', 'Hidden', 'Broken', 'Golden', 'Midnight', 'Forgotten', 'Wild', 'Burning', 'Frozen', 'Electric',
  'Distant', 'Quiet', 'Savage', 'Hollow', 'Velvet', 'Iron', 'Paper', 'Glass', 'Secret', 'Endless', 'Lonely', 'Restless',
  'Scarlet', 'Bitter', 'Lucky', 'Crooked', 'Little', 'Final', 'Northern', 'Sleeping', 'Wandering', 'Stolen', 'Painted',
];

export const TITLE_NOUNS: readonly string[] = [
  'Harbor', 'Garden', 'Kingdom', 'Highway', 'River', 'Letter', 'Mirror', 'Orchard', 'Frontier', 'Circus', 'Lighthouse',
  'Station', 'Empire', 'Summer', 'Winter', 'Engine', 'Promise', 'Shadow', 'Island', 'Carnival', 'Horizon', 'Machine',
  'Symphony', 'Witness', 'Bridge', 'Tide', 'Canyon', 'Orbit', 'Lantern', 'Passage', 'Heist', 'Ballad', 'Compass', 'Signal',
  'Hotel', 'Saint', 'Storm', 'Crown', 'Frequency', 'Alibi',
];

export const TITLE_PEOPLE: readonly string[] = [
  'Baker', 'Clockmaker', 'Gambler', 'Sheriff', 'Astronaut', 'Widow', 'Detective', 'Magician', 'Captain', 'Stranger', 'Tailor',
  'Pilot', 'Beekeeper', 'Cartographer', 'Lighthouse Keeper', 'Ferryman', 'Governess', 'Locksmith',
];

export const TITLE_PLACES: readonly string[] = [
  'Reykjavík', 'Zürich', 'São Paulo', 'Kraków', 'Montréal', 'Marseille', 'Ålesund', 'Galway', 'Tangier', 'Kyoto', 'Valparaíso',
  'Brooklyn', 'Nevada', 'Saint-Étienne', 'Düsseldorf',
];

/** Foreign-language title pieces: [language, template builders]. */
export const FOREIGN_TITLES: Record<string, { words: readonly string[]; patterns: readonly string[] }> = {
  fr: { words: ['Café', 'Étoiles', 'Rêve', 'Fenêtre', 'Château', 'Été', 'Hiver', 'Mémoire', 'Nuit', 'Cœur', 'Forêt', 'Fête'], patterns: ['Le {0} des {1}', 'La {0} de l\'{1}', 'Les {0}s', 'Un {0} à Paris'] },
  es: { words: ['Niño', 'Señor', 'Corazón', 'Mañana', 'Sueño', 'Camino', 'Fuego', 'Río', 'Jardín'], patterns: ['El {0} de la {1}', 'La {0}', 'Los {0}s del {1}'] },
  de: { words: ['Brücke', 'Straße', 'Märchen', 'Nacht', 'Spiegel', 'Wald', 'Grenze', 'Fräulein'], patterns: ['Die {0}', 'Der {0} der {1}', 'Das {0} im {1}'] },
  sv: { words: ['Vinter', 'Sjö', 'Skärgård', 'Ödet', 'Höst', 'Ljus'], patterns: ['{0}ens {1}', 'Den sista {0}'] },
  da: { words: ['Vinter', 'Søster', 'Hjem', 'Fjord', 'Drøm', 'Løgn'], patterns: ["Søren's {0}", '{0} og {1}'] },
  it: { words: ['Cuore', 'Notte', 'Estate', 'Città', 'Strada', 'Lupo'], patterns: ['Il {0} della {1}', 'La {0}'] },
  ja: { words: ['東京', '夜', '夏', '海', '桜', '猫'], patterns: ['{0}の{1}', '{0}物語'] },
};

export const LANGUAGES: Record<string, { spoken: string; country: string; countryName: string }> = {
  en: { spoken: 'English', country: 'US', countryName: 'United States of America' },
  fr: { spoken: 'Français', country: 'FR', countryName: 'France' },
  es: { spoken: 'Español', country: 'ES', countryName: 'Spain' },
  de: { spoken: 'Deutsch', country: 'DE', countryName: 'Germany' },
  sv: { spoken: 'svenska', country: 'SE', countryName: 'Sweden' },
  da: { spoken: 'Dansk', country: 'DK', countryName: 'Denmark' },
  it: { spoken: 'Italiano', country: 'IT', countryName: 'Italy' },
  ja: { spoken: '日本語', country: 'JP', countryName: 'Japan' },
};

export const FIRST_NAMES: readonly string[] = [
  'Zoë', 'Søren', 'Amélie', 'José', 'Björn', 'Chloé', 'Ingrid', 'Mateo', 'Priya', 'Kenji', 'Aoife', 'Siobhán', 'Łukasz',
  'Dmitri', 'Noémie', 'Oskar', 'Ana', 'Marcus', 'Helena', 'Tomás', 'Yuki', 'Rafael', 'Greta', 'Henrik', 'Inès', 'Jules',
  'Clara', 'Felix', 'Nadia', 'Omar', 'Leila', 'Viktor', 'Elsa', 'Hugo', 'Mira', 'Anton', 'Rosa', 'Theo', 'Iris', 'Paulo',
  'Walter', 'June', 'Frank', 'Margaret', 'Dev', 'Ruth', 'Samuel', 'Vera', 'Arthur', 'Nell', 'Bruno', 'Ada',
];

export const LAST_NAMES: readonly string[] = [
  "O'Brien", "O'Connor", "D'Amico", 'Müller', 'Ångström', 'Nakamura', 'García', 'Kowalski', 'Lindqvist', 'Dubois', 'Okafor',
  'Fitzgerald', 'Haraldsen', 'Novák', 'Øverby', 'Santos', 'Ivanova', 'Delacroix', 'McAllister', 'van der Berg', 'Moreau',
  'Castellanos', 'Whitmore', 'Ashby', 'Tanaka', 'Kaur', 'Abara', 'Sørensen', 'Brennan', 'Costa', 'Hale', 'Pike', 'Quimby',
  'Renner', 'Stroud', 'Vance', 'Yoon', 'Zeller', 'Bellweather', 'Carrow',
];

export const CHARACTER_ROLES: readonly string[] = [
  'Narrator (voice)', 'Himself', 'Herself', 'Bartender', "Mrs. O'Hara", 'Jimmy "The Kid" O\'Neil', 'Sergeant Ødegaard',
  'Young Clara', 'Nurse', 'Taxi Driver', "Baker's Apprentice", 'Dr. Ruiz', 'The Stranger', 'Girl at Café', 'Reporter #2',
];

export const COMPANY_WORDS: readonly string[] = [
  'Lantern', 'Northlight', 'Blue Harbor', 'Sørlandet', 'Ironbridge', 'Golden Orchard', 'Paper Moon', 'Crooked Creek',
  'Étoile', 'Mistral', 'Redwood', 'Silver Tide', 'Kestrel', 'Atlas', 'Cinéma Lumière', 'Halcyon',
];

export const COMPANY_SUFFIXES: readonly string[] = ['Pictures', 'Films', 'Studios', 'Entertainment', 'Productions', 'Film Group'];

/** Crew jobs besides directing, with their TMDB departments (the most frequent in the real credits). */
export const CREW_JOBS: readonly { job: string; department: string }[] = [
  { job: 'Screenplay', department: 'Writing' },
  { job: 'Writer', department: 'Writing' },
  { job: 'Producer', department: 'Production' },
  { job: 'Executive Producer', department: 'Production' },
  { job: 'Casting', department: 'Production' },
  { job: 'Editor', department: 'Editing' },
  { job: 'Director of Photography', department: 'Camera' },
  { job: 'Original Music Composer', department: 'Sound' },
  { job: 'Production Design', department: 'Art' },
  { job: 'Costume Design', department: 'Costume & Make-Up' },
];

export const OVERVIEW_TEMPLATES: readonly string[] = [
  'When {name}, a {adj} {person}, stumbles into {kw1}, {pronoun} must face {kw2} before the {noun} is lost forever.',
  'In {place}, {name} and {name2} are drawn together by {kw1}. But {kw2} threatens everything they have built.',
  '{name} has spent years avoiding {kw1}. Now, with {kw2} on the horizon, there is nowhere left to hide.',
  'A {adj} tale of {kw1} and {kw2}, following {name} from {place} to the edge of the {noun}.',
  'Nobody in {place} believes {name}\'s story about {kw1} — until the {noun} goes dark.',
];

export const TAGLINE_TEMPLATES: readonly string[] = [
  'Some promises are made to be broken.',
  'Every {noun} has a secret.',
  'The {adj} {noun} is only the beginning.',
  'One {person}. One chance.',
  'Nothing stays buried forever.',
  'Love, loss and {kw1}.',
];
