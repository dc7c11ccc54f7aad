import { foldText } from '#shared/fold-text.ts';
import { createRequire } from 'node:module';

/**
 * Passwords that attackers try first, offline. The bulk is zxcvbn-ts's list (about 49,000
 * leaked passwords, mostly English); French ones it misses are added here, in lower case,
 * without accents, as bases that people decorate with digits and symbols.
 */
const FRENCH_COMMON_PASSWORDS = [
  'azerty', 'azertyuiop', 'azertyui', 'azertyu', 'azer', 'qsdfgh', 'qsdfghjklm', 'wxcvbn', 'aqwzsx', 'azqswx',
  'motdepasse', 'motdepass', 'mdp', 'monmotdepasse', 'passe', 'secret', 'confidentiel', 'bienvenue', 'bienvenu',
  'soleil', 'bonjour', 'bonsoir', 'salut', 'coucou', 'merci', 'jetaime', 'jtaime', 'jetadore', 'amour', 'amoureux',
  'amoureuse', 'mamour', 'monamour', 'moncoeur', 'doudou', 'loulou', 'chouchou', 'cheri', 'cherie', 'bebe', 'bisous',
  'calin', 'toutou', 'minou', 'minette', 'chaton', 'chat', 'chien', 'lapin', 'nounours', 'titi', 'toto', 'tata',
  'tutu', 'lolo', 'nana', 'nounou', 'papa', 'maman', 'mamie', 'papi', 'famille', 'enfant', 'enfants', 'bebes',
  'princesse', 'prince', 'chocolat', 'vanille', 'fraise', 'framboise', 'cerise', 'pomme', 'banane', 'citron',
  'caramel', 'bonbon', 'nutella', 'fromage', 'baguette', 'croissant', 'camembert', 'marseille', 'paris', 'lyon',
  'toulouse', 'bordeaux', 'nantes', 'lille', 'nice', 'montpellier', 'strasbourg', 'rennes', 'bretagne', 'france',
  'francais', 'francaise', 'vivelafrance', 'allezlesbleus', 'lesbleus', 'om', 'olympique', 'psg', 'parisiens',
  'asse', 'football', 'foot', 'rugby', 'tennis', 'velo', 'moto', 'voiture', 'renault', 'peugeot', 'citroen',
  'vacances', 'plage', 'soleil', 'printemps', 'ete', 'automne', 'hiver', 'noel', 'janvier', 'fevrier', 'mars',
  'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre', 'lundi', 'mardi',
  'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'nicolas', 'julien', 'thomas', 'alexandre', 'maxime',
  'antoine', 'guillaume', 'sebastien', 'olivier', 'pierre', 'jean', 'jeanpierre', 'philippe', 'francois', 'frederic',
  'christophe', 'stephane', 'laurent', 'vincent', 'mathieu', 'romain', 'kevin', 'jeremy', 'anthony', 'camille',
  'celine', 'nathalie', 'isabelle', 'sandrine', 'sophie', 'stephanie', 'valerie', 'christine', 'catherine',
  'marie', 'mariette', 'julie', 'aurelie', 'emilie', 'laura', 'manon', 'chloe', 'lea', 'emma', 'ines', 'sarah',
  'oceane', 'mathilde', 'pauline', 'caroline', 'virginie', 'severine', 'melanie', 'elodie', 'audrey', 'charlotte',
  'louise', 'jade', 'louis', 'lucas', 'hugo', 'arthur', 'gabriel', 'raphael', 'leo', 'nathan', 'enzo', 'mathis',
  'tintin', 'asterix', 'obelix', 'pikachu', 'doudou', 'pipou', 'poupette', 'puce', 'pupuce', 'cacahuete', 'choupette',
  'loveyou', 'tequiero', 'amitie', 'liberte', 'egalite', 'fraternite', 'dieu', 'jesus', 'marseillais', 'parisien',
  'ordinateur', 'internet', 'portable', 'telephone', 'orange', 'free', 'sfr', 'bouygues', 'wanadoo', 'laposte',
  'gestionnaire', 'syndic', 'bailleur', 'locataire', 'proprietaire', 'residence', 'immeuble', 'appartement',
  'logement', 'maison', 'consommation', 'compteur', 'chauffage', 'eauchaude', 'eaufroide', 'ista', 'monespaceista',
  'administrateur', 'admin', 'utilisateur', 'changeme', 'changemoi', 'nouveau', 'nouveaumotdepasse', 'test',
  'essai', 'demo', 'bonjour1', 'soleil1', 'azerty1', 'azertyuiop1', 'motdepasse1',
];

let commonPasswords: Set<string> | undefined;

function loadCommonPasswords(): Set<string> {
  if (!commonPasswords) {
    const require = createRequire(import.meta.url);
    const leaked = require('@zxcvbn-ts/language-common/src/passwords.json') as string[];
    commonPasswords = new Set([...leaked.map((password) => password.toLowerCase()), ...FRENCH_COMMON_PASSWORDS]);
  }
  return commonPasswords;
}

const DECORATION = /^[\d\s@$!%*&#?.,;:_+=~^-]+|[\d\s@$!%*&#?.,;:_+=~^-]+$/g;

/**
 * True when the password, or the word left once leading and trailing digits and symbols
 * are taken off (« Soleil2024! » → « soleil »), is on the list.
 */
export function isCommonPassword(password: string): boolean {
  const list = loadCommonPasswords();
  const folded = foldText(password);
  const base = folded.replace(DECORATION, '');
  return list.has(folded) || (base.length >= 3 && list.has(base));
}
