//! The interface in the reader's language: English and French.
//!
//! Messages are looked up by their English text (`t("Feeds")` gives "Flux" in French), so code
//! reads naturally and a missing translation falls back to English. The language is chosen once
//! at start-up from the config or `LC_ALL`/`LC_MESSAGES`/`LANG`. Dates follow the language too:
//! "8 novembre 2023", "il y a 3 heures".

use std::sync::atomic::{AtomicU8, Ordering};

use chrono::{DateTime, Datelike, Utc};

use crate::config::Language;

mod errors_fr;
mod phrase;

pub use phrase::{say, Arg, Explain, Phrase};

/// A language the interface speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

impl Lang {
    /// Picks the language: the config's, else the locale environment's.
    pub fn choose(config: Language) -> Lang {
        match config {
            Language::En => Lang::En,
            Language::Fr => Lang::Fr,
            Language::Auto => Lang::from_env(|k| std::env::var(k).ok()),
        }
    }

    /// The language named by `LC_ALL`, `LC_MESSAGES` or `LANG` (first one set wins).
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(key).filter(|v| !v.is_empty()) {
                return if v.to_ascii_lowercase().starts_with("fr") {
                    Lang::Fr
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

/// Sets the interface language for the whole process.
pub fn set_language(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

#[cfg(test)]
thread_local! {
    /// A test's language, for its thread only (tests run in parallel in one process).
    static TEST_LANG: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with the interface in `lang` on this thread (tests only).
#[cfg(test)]
pub(crate) fn in_language<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = TEST_LANG.with(|l| l.replace(Some(lang)));
    let out = f();
    TEST_LANG.with(|l| l.set(before));
    out
}

/// The interface language in use.
pub fn language() -> Lang {
    #[cfg(test)]
    if let Some(lang) = TEST_LANG.with(std::cell::Cell::get) {
        return lang;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Fr,
        _ => Lang::En,
    }
}

/// Translates an interface message given by its English text.
pub fn t(english: &'static str) -> &'static str {
    tr(language(), english)
}

/// Translates into a given language.
pub fn tr(lang: Lang, english: &'static str) -> &'static str {
    match lang {
        Lang::En => english,
        Lang::Fr => lookup(english).unwrap_or(english),
    }
}

/// The French for an English text: the interface's table, then the errors' one.
fn lookup(english: &str) -> Option<&'static str> {
    [FRENCH, errors_fr::ERRORS].into_iter().find_map(|table| {
        table
            .binary_search_by(|(k, _)| (*k).cmp(english))
            .ok()
            .map(|i| table[i].1)
    })
}

/// Translates a message with `{}` placeholders and fills them in order:
/// `tf("marked {} read", &[&n])`.
pub fn tf(english: &'static str, args: &[&dyn std::fmt::Display]) -> String {
    fill(t(english), args)
}

/// A count with its noun, in the language's grammar: `count(n, "{} article", "{} articles")`
/// gives "1 article", "3 articles" — and in French "0 article", "1 article", "3 articles" (the
/// singular goes up to one).
///
/// `one` and `many` may be the same English text; its French translation then gives both
/// forms as "singular|plural".
pub fn count(n: impl Into<u64>, one: &'static str, many: &'static str) -> String {
    count_in(language(), n.into(), one, many)
}

/// [`count`] in a given language.
pub fn count_in(lang: Lang, n: u64, one: &'static str, many: &'static str) -> String {
    let singular = match lang {
        Lang::En => n == 1,
        Lang::Fr => n < 2,
    };
    // A translation may hold both forms, "singular|plural", where English has one word for
    // both ("{} new": "{} nouveau|{} nouveaux").
    let text = tr(lang, if singular { one } else { many });
    let form = match text.split_once('|') {
        Some((s, _)) if singular => s,
        Some((_, p)) => p,
        None => text,
    };
    fill(form, &[&n])
}

fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        if let Some(a) = args.next() {
            out.push_str(&a.to_string());
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// English → French, sorted by the English text (checked by a test).
static FRENCH: &[(&str, &str)] = &[
    ("  also offered: {}", "  aussi proposé : {}"),
    ("? help  q quit", "? aide  q quitter"),
    ("A refresh is already running", "Une mise à jour est déjà en cours"),
    ("A saved search needs a name", "Une recherche enregistrée doit avoir un nom"),
    ("A saved search of that name exists:", "Une recherche enregistrée porte déjà ce nom :"),
    ("Add a feed (URL or site)", "Ajouter un flux (URL ou site)"),
    ("Add feed (URL or site):", "Ajouter un flux (URL ou site) :"),
    ("Add feeds here, or import a list with `griot import FILE`;", "Ajoutez des flux ici, ou importez une liste avec `griot import FICHIER` ;"),
    ("All", "Tout"),
    ("All articles", "Tous les articles"),
    ("Already subscribed to", "Déjà abonné à"),
    ("Any other key closes this help", "Toute autre touche ferme cette aide"),
    ("Any other key closes this view", "Toute autre touche ferme cette vue"),
    ("Articles", "Articles"),
    ("Articles marked unread again", "Articles de nouveau non lus"),
    ("Attached files", "Fichiers joints"),
    ("Attached files:", "Fichiers joints :"),
    ("Back", "Retour"),
    ("Backspace", "Retour arrière"),
    ("Bookmark (keeps the full text)", "Ajouter aux signets (garde le texte intégral)"),
    ("Bookmark removed", "Retiré des signets"),
    ("Bookmark removed again", "Signet de nouveau retiré"),
    ("Bookmark restored", "Signet rétabli"),
    ("Bookmarked", "Ajouté aux signets"),
    ("Bookmarks", "Signets"),
    ("Cancelled", "Annulé"),
    ("Cannot start the player {}: {}", "Impossible de lancer le lecteur {} : {}"),
    ("Copied", "Copié :"),
    ("Copy the link", "Copier le lien"),
    ("Could not check the address now; subscribing anyway", "Adresse impossible à vérifier pour l’instant ; abonnement quand même"),
    ("Delete", "Suppr"),
    ("Down", "Bas"),
    ("Download attached files (a number first: that file)", "Télécharger les fichiers joints (un numéro d’abord : ce fichier)"),
    ("Download of {} failed: {}", "Échec du téléchargement de {} : {}"),
    ("Downloaded {}", "Téléchargé : {}"),
    ("Downloading {}", "Téléchargement de {}"),
    ("Downloading {} {}%", "Téléchargement de {} {} %"),
    ("Edit the feed's tags", "Modifier les étiquettes du flux"),
    ("End", "Fin"),
    ("Enter", "Entrée"),
    ("Esc", "Échap"),
    ("Feed removed", "Flux supprimé"),
    ("Feed renamed", "Flux renommé"),
    ("Feeds", "Flux"),
    ("Fetch the full text", "Récupérer le texte intégral"),
    ("Fetching full text…", "Récupération du texte intégral…"),
    ("Fetching is off in demo mode", "Pas de téléchargement en mode démo"),
    ("Forget the saved search", "Oublier la recherche enregistrée"),
    ("Found", "Trouvé :"),
    ("Full text failed: {}", "Texte intégral indisponible : {}"),
    ("Full text fetched", "Texte intégral récupéré"),
    ("Go to the bottom", "Aller à la fin"),
    ("Go to the top", "Aller au début"),
    ("Help", "Aide"),
    ("Hide / show read articles", "Masquer / afficher les articles lus"),
    ("Hiding read articles", "Articles lus masqués"),
    ("Home", "Début"),
    ("In a prompt: accept", "Dans une invite : valider"),
    ("In a prompt: cancel", "Dans une invite : annuler"),
    ("In prompts and questions", "Dans les invites et les questions"),
    ("In the reader", "Dans le lecteur"),
    ("In the search results", "Dans les résultats de recherche"),
    ("Its bookmarks stay.", "Ses signets restent."),
    ("Left", "Gauche"),
    ("Loading…", "Chargement…"),
    ("Looking for a feed at", "Recherche d’un flux à"),
    ("Macros", "Macros"),
    ("Mark all read", "Tout marquer comme lu"),
    ("Mark all read works on feeds and lists", "« Tout marquer comme lu » s’applique aux flux et aux listes"),
    ("Mark read / unread", "Marquer lu / non lu"),
    ("Move down", "Descendre"),
    ("Move up", "Monter"),
    ("Next unread article", "Article non lu suivant"),
    ("No [[filter]] rules in the config.", "Aucune règle [[filter]] dans la configuration."),
    ("No articles here yet.", "Pas encore d’articles ici."),
    ("No browser found to open", "Aucun navigateur pour ouvrir"),
    ("No feeds yet. Subscribe with `griot add URL` (a site's address works too), or import a list with `griot import FILE` (OPML or a newsboat urls file).", "Aucun flux pour l’instant. Abonnez-vous avec `griot add URL` (l’adresse d’un site convient aussi), ou importez une liste avec `griot import FICHIER` (OPML ou un fichier urls de newsboat)."),
    ("No file number {}", "Aucun fichier numéro {}"),
    ("No link number", "Pas de lien numéro"),
    ("No messages yet.", "Aucun message pour l’instant."),
    ("No more unread articles", "Plus d’articles non lus"),
    ("No unread articles here (H shows read ones).", "Aucun article non lu ici (H affiche les lus)."),
    ("Nothing changed: everything in it was already here.", "Rien n’a changé : tout y était déjà."),
    ("Nothing found.", "Aucun résultat."),
    ("Nothing to undo", "Rien à annuler"),
    ("Offline", "Hors ligne"),
    ("Offline: showing cached articles", "Hors ligne : articles en cache"),
    ("On other screens", "Dans les autres écrans"),
    ("On the article list", "Dans la liste des articles"),
    ("On the feed list", "Dans la liste des flux"),
    ("Open", "Ouvrir"),
    ("Open in the browser", "Ouvrir dans le navigateur"),
    ("Open link n (type the number first)", "Ouvrir le lien n (taper d’abord le numéro)"),
    ("Opening", "Ouverture de"),
    ("Page down", "Page suivante"),
    ("Page up", "Page précédente"),
    ("PageDown", "Page suiv."),
    ("PageUp", "Page préc."),
    ("Pictures hidden", "Images masquées"),
    ("Pictures shown", "Images affichées"),
    ("Pipe the article to a command", "Envoyer l’article à une commande"),
    ("Pipe to (a command; & at the end: in the background):", "Envoyer à (une commande ; & à la fin : en arrière-plan) :"),
    ("Piped to {}", "Envoyé à {}"),
    ("Play an attached file (a number first: that file)", "Lire un fichier joint (un numéro d’abord : ce fichier)"),
    ("Playing {}", "Lecture de {}"),
    ("Press any key to start.", "Appuyez sur une touche pour commencer."),
    ("Previous unread article", "Article non lu précédent"),
    ("Quit", "Quitter"),
    ("Read state restored", "État de lecture rétabli"),
    ("Redraw the screen", "Redessiner l’écran"),
    ("Refresh all feeds", "Mettre à jour tous les flux"),
    ("Refresh this feed", "Mettre à jour ce flux"),
    ("Refreshing is off in demo mode", "Pas de mise à jour en mode démo"),
    ("Remove feed", "Supprimer le flux"),
    ("Remove the feed (bookmarks stay)", "Supprimer le flux (les signets restent)"),
    ("Rename feed:", "Renommer le flux :"),
    ("Rename the feed", "Renommer le flux"),
    ("Right", "Droite"),
    ("Run `griot filter --apply` to apply the rules to the archive.", "Lancez `griot filter --apply` pour appliquer les règles aux archives."),
    ("Save a web page to read later", "Enregistrer une page pour plus tard"),
    ("Save as Markdown:", "Enregistrer en Markdown :"),
    ("Save page (URL):", "Enregistrer la page (URL) :"),
    ("Save search as:", "Enregistrer la recherche sous :"),
    ("Save the article as Markdown", "Enregistrer l’article en Markdown"),
    ("Save the search as a feed (or forget one)", "Garder la recherche comme flux (ou l’oublier)"),
    ("Saved", "Enregistrés"),
    ("Saved as {}", "Enregistré sous {}"),
    ("Saved search forgotten:", "Recherche enregistrée oubliée :"),
    ("Saved:", "Enregistré :"),
    ("Saving", "Enregistrement de"),
    ("Saving pages needs the network (not in demo mode)", "Enregistrer une page demande le réseau (pas en mode démo)"),
    ("Search", "Recherche"),
    ("Search first (/), then save it", "Cherchez d’abord (/), puis enregistrez"),
    ("Search saved:", "Recherche enregistrée :"),
    ("Search:", "Recherche :"),
    ("Searching…", "Recherche…"),
    ("Select a feed first", "Choisissez d’abord un flux"),
    ("Show / hide pictures", "Afficher / masquer les images"),
    ("Showing read articles", "Articles lus affichés"),
    ("Space", "Espace"),
    ("Subscribed to", "Abonné à"),
    ("Suspend (fg resumes)", "Suspendre (fg reprend)"),
    ("Switch pane", "Changer de panneau"),
    ("Tags (comma-separated):", "Étiquettes (séparées par des virgules) :"),
    ("Tags changed", "Étiquettes modifiées"),
    ("That article is no longer in the store.", "Cet article n’est plus dans la base."),
    ("The download queue is empty.", "La file de téléchargement est vide."),
    ("The last messages", "Les derniers messages"),
    ("The player {} failed ({})", "Le lecteur {} a échoué ({})"),
    ("This article has no attached file", "Cet article n’a pas de fichier joint"),
    ("This article has no link", "Cet article n’a pas de lien"),
    ("This article has no web page", "Cet article n’a pas de page web"),
    ("This help", "Cette aide"),
    ("This search cannot run:", "Cette recherche ne peut pas être lancée :"),
    ("To a question: yes (any other key: no)", "À une question : oui (toute autre touche : non)"),
    ("Undo the last read, mark-all or bookmark change", "Annuler le dernier changement (lu, tout lu, signet)"),
    ("Unread", "Non lus"),
    ("Up", "Haut"),
    ("Welcome to griot", "Bienvenue dans griot"),
    ("Wrapped around to the first unread article", "Retour au premier article non lu"),
    ("Wrapped around to the last unread article", "Retour au dernier article non lu"),
    ("a newsboat cache (cache.db)", "un cache de newsboat (cache.db)"),
    ("a newsboat urls file", "un fichier urls de newsboat"),
    ("add a feed", "ajouter un flux"),
    ("added feed {}: {}", "flux {} ajouté : {}"),
    ("already queued {}: {}", "déjà en file {} : {}"),
    ("already subscribed (feed {}): {}", "déjà abonné (flux {}) : {}"),
    ("already subscribed: {}", "déjà abonné : {}"),
    ("an OPML file", "un fichier OPML"),
    ("articles", "articles"),
    ("articles marked read", "articles marqués comme lus"),
    ("back", "retour"),
    ("bookmark", "signet"),
    ("bookmarked", "dans les signets"),
    ("bookmarked {} article", "{} article mis en signet"),
    ("bookmarked {} articles", "{} articles mis en signet"),
    ("bookmarks kept", "signets gardés"),
    ("cannot save {}: {}", "impossible d’enregistrer {} : {}"),
    ("compacted the database", "base de données compactée"),
    ("downloaded", "téléchargé"),
    ("downloaded {}", "téléchargé : {}"),
    ("dropped {} read article (unread, bookmarked and still-published ones are kept)", "{} article lu supprimé (les non lus, les signets et ceux encore publiés sont gardés)"),
    ("dropped {} read articles (unread, bookmarked and still-published ones are kept)", "{} articles lus supprimés (les non lus, les signets et ceux encore publiés sont gardés)"),
    ("every key", "toutes les touches"),
    ("failed", "en échec"),
    ("failed: {} <{}>: {}", "échec : {} <{}> : {}"),
    ("failed: {}: {}", "échec : {} : {}"),
    ("feeds failed to refresh", "flux en échec"),
    ("forgot saved search \"{}\"", "recherche enregistrée « {} » oubliée"),
    ("found feed {} at {}", "flux {} trouvé à {}"),
    ("from {} ({} already subscribed)", "depuis {} ({} déjà présents)"),
    ("griot reads news feeds in the terminal.", "griot lit les flux d’actualité dans le terminal."),
    ("griot: a picture of article {} was not kept ({}): {}", "griot : une image de l’article {} n’a pas été gardée ({}) : {}"),
    ("griot: article {} ({}) is bookmarked, but its full text was not kept: {}", "griot : l’article {} ({}) est en signet, mais son texte intégral n’a pas pu être gardé : {}"),
    ("griot: could not check {} now ({}); subscribing anyway", "griot : impossible de vérifier {} pour l’instant ({}) ; abonnement quand même"),
    ("griot: full text of article {} not fetched: {}", "griot : texte intégral de l’article {} non récupéré : {}"),
    ("griot: indexing {} articles for search (once; the reader does it in the background)…", "griot : indexation de {} articles pour la recherche (une fois ; le lecteur le fait en arrière-plan)…"),
    ("griot: no download {}", "griot : aucun téléchargement {}"),
    ("griot: no feed matches \"{}\"", "griot : aucun flux ne correspond à « {} »"),
    ("griot: updating the archive for this version of griot (once; a large archive takes a moment)…", "griot : mise à jour de l’archive pour cette version de griot (une fois ; une grande archive prend un moment)…"),
    ("griot: {}", "griot : {}"),
    ("imported {} feed", "{} flux importé"),
    ("imported {} feeds", "{} flux importés"),
    ("key {} runs its macro instead of `{}`", "la touche {} lance sa macro au lieu de `{}`"),
    ("link", "lien"),
    ("marked {} article read", "{} article marqué comme lu"),
    ("marked {} article read in", "{} article marqué comme lu dans"),
    ("marked {} article unread", "{} article marqué comme non lu"),
    ("marked {} articles read", "{} articles marqués comme lus"),
    ("marked {} articles read in", "{} articles marqués comme lus dans"),
    ("marked {} articles unread", "{} articles marqués comme non lus"),
    ("move", "se déplacer"),
    ("new articles", "nouveaux articles"),
    ("no matches for {}", "aucun résultat pour {}"),
    ("no saved search named \"{}\"", "aucune recherche enregistrée ne s’appelle « {} »"),
    ("offline", "hors ligne"),
    ("open", "ouvrir"),
    ("queued {}: {}", "en file {} : {}"),
    ("quit", "quitter"),
    ("recognised {}: {}", "reconnu {} : {}"),
    ("refresh all feeds", "tout mettre à jour"),
    ("refresh to fetch the latest articles.", "mettez à jour pour recevoir les derniers articles."),
    ("removed feed {}: {} ({}, {})", "flux {} retiré : {} ({}, {})"),
    ("results", "résultats"),
    ("retention: dropped {} old read article that its feed no longer carries", "rétention : {} ancien article lu que son flux ne publie plus a été supprimé"),
    ("retention: dropped {} old read articles that their feeds no longer carry", "rétention : {} anciens articles lus que leurs flux ne publient plus ont été supprimés"),
    ("saved article {}: {}", "article {} enregistré : {}"),
    ("saved search \"{}\": {}", "recherche enregistrée « {} » : {}"),
    ("search", "rechercher"),
    ("the article has no link to fetch", "l’article n’a pas de lien à récupérer"),
    ("unbookmarked {} article", "{} signet retiré"),
    ("unbookmarked {} articles", "{} signets retirés"),
    ("unread", "non lus"),
    ("unread only", "non lus seulement"),
    ("would drop {} read article (unread, bookmarked and still-published ones are kept)", "{} article lu serait supprimé (les non lus, les signets et ceux encore publiés sont gardés)"),
    ("would drop {} read articles (unread, bookmarked and still-published ones are kept)", "{} articles lus seraient supprimés (les non lus, les signets et ceux encore publiés sont gardés)"),
    ("{} ({} already here), {} marked read, {} bookmarked", "{} ({} déjà là), {} marqués comme lus, {} en signets"),
    ("{} article changed", "{} article modifié"),
    ("{} article hidden", "{} article masqué"),
    ("{} article marked read", "{} article marqué comme lu"),
    ("{} article removed", "{} article retiré"),
    ("{} article would change", "{} article serait modifié"),
    ("{} articles changed", "{} articles modifiés"),
    ("{} articles hidden", "{} articles masqués"),
    ("{} articles marked read", "{} articles marqués comme lus"),
    ("{} articles removed", "{} articles retirés"),
    ("{} articles would change", "{} articles seraient modifiés"),
    ("{} bookmark kept", "{} signet gardé"),
    ("{} bookmarks kept", "{} signets gardés"),
    ("{} downloaded, {} failed", "{} téléchargé(s), {} en échec"),
    ("{} failed", "{} en échec|{} en échec"),
    ("{} feed", "{} flux"),
    ("{} feed failed to refresh", "{} flux en échec"),
    ("{} feeds", "{} flux"),
    ("{} feeds failed to refresh", "{} flux en échec"),
    ("{} hidden", "{} masqué|{} masqués"),
    ("{} hidden article shown again", "{} article masqué réaffiché"),
    ("{} hidden articles shown again", "{} articles masqués réaffichés"),
    ("{} new", "{} nouveau|{} nouveaux"),
    ("{} new article", "{} nouvel article"),
    ("{} new articles", "{} nouveaux articles"),
    ("{} result", "{} résultat"),
    ("{} results", "{} résultats"),
    ("{} unchanged", "{} inchangé|{} inchangés"),
    ("{} unread", "{} non lu|{} non lus"),
    ("{} updated", "{} mis à jour|{} mis à jour"),
    ("{}: not found; using the defaults", "{} : introuvable ; réglages par défaut"),
    ("{}: {}, {}, {}, {}", "{} : {}, {}, {}, {}"),
    ("{}; {} in all", "{} ; {} en tout"),
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A long date in the interface language: "8 novembre 2023" / "8 November 2023".
pub fn long_date(t: DateTime<Utc>) -> String {
    long_date_in(language(), t)
}

/// [`long_date`] in a given language (dates shown in local time).
pub fn long_date_in(lang: Lang, t: DateTime<Utc>) -> String {
    long_date_in_zone(lang, t, &chrono::Local)
}

/// [`long_date_in`] in a given time zone (tests pin the zone with this).
fn long_date_in_zone<Tz: chrono::TimeZone>(lang: Lang, t: DateTime<Utc>, zone: &Tz) -> String {
    let local = t.with_timezone(zone);
    let m = local.month0() as usize;
    let month = match lang {
        Lang::En => MONTHS_EN[m],
        Lang::Fr => MONTHS_FR[m],
    };
    let day = match (lang, local.day()) {
        (Lang::Fr, 1) => "1er".to_string(),
        (_, d) => d.to_string(),
    };
    format!("{day} {month} {}", local.year())
}

/// How long ago, in words: "il y a 3 heures" / "3 hours ago".
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    relative_in(language(), t, now)
}

/// [`relative`] in a given language; older than a week gives the long date.
pub fn relative_in(lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - t).num_seconds();
    let (n, unit_en, unit_fr) = match secs {
        s if s < 60 => {
            return match lang {
                Lang::En => "just now".into(),
                Lang::Fr => "à l’instant".into(),
            }
        }
        s if s < 3600 => (s / 60, "minute", "minute"),
        s if s < 86_400 => (s / 3600, "hour", "heure"),
        s if s < 7 * 86_400 => (s / 86_400, "day", "jour"),
        _ => return long_date_in(lang, t),
    };
    let plural = if n > 1 { "s" } else { "" };
    match lang {
        Lang::En => format!("{n} {unit_en}{plural} ago"),
        Lang::Fr => format!("il y a {n} {unit_fr}{plural}"),
    }
}

#[cfg(test)]
mod coverage_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn french_table_is_sorted_for_lookup() {
        for table in [FRENCH, errors_fr::ERRORS] {
            if let Some(w) = table.windows(2).find(|w| w[0].0 >= w[1].0) {
                panic!("out of order: {:?} before {:?}", w[0].0, w[1].0);
            }
        }
        let twice: Vec<_> = errors_fr::ERRORS
            .iter()
            .filter(|(k, _)| FRENCH.binary_search_by(|(f, _)| f.cmp(k)).is_ok())
            .collect();
        assert!(twice.is_empty(), "in both tables: {twice:?}");
    }

    #[test]
    fn translates_and_falls_back() {
        assert_eq!(tr(Lang::Fr, "Feeds"), "Flux");
        assert_eq!(tr(Lang::En, "Feeds"), "Feeds");
        assert_eq!(tr(Lang::Fr, "no such message"), "no such message");
    }

    #[test]
    fn language_from_locale_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_env(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(
            Lang::from_env(env(&[("LANG", "fr_SN.UTF-8"), ("LC_MESSAGES", "en_US")])),
            Lang::En
        );
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
    }

    #[test]
    fn dates_in_both_languages() {
        // The zone is pinned: local time here is UTC, whatever the machine's zone.
        let utc = chrono::FixedOffset::east_opt(0).unwrap();
        let t = Utc.with_ymd_and_hms(2023, 11, 8, 12, 0, 0).unwrap();
        assert_eq!(long_date_in_zone(Lang::Fr, t, &utc), "8 novembre 2023");
        assert_eq!(long_date_in_zone(Lang::En, t, &utc), "8 November 2023");
        let now = t + Duration::hours(3);
        assert_eq!(relative_in(Lang::Fr, t, now), "il y a 3 heures");
        assert_eq!(relative_in(Lang::En, t, now), "3 hours ago");
        assert_eq!(
            relative_in(Lang::Fr, t, t + Duration::minutes(1)),
            "il y a 1 minute"
        );
    }

    #[test]
    fn counts_follow_each_languages_grammar() {
        let unread = |lang, n| count_in(lang, n, "{} unread", "{} unread");
        assert_eq!(unread(Lang::En, 1), "1 unread");
        assert_eq!(unread(Lang::Fr, 1), "1 non lu");
        assert_eq!(unread(Lang::Fr, 12), "12 non lus");
        assert_eq!(count_in(Lang::En, 0, "{} feed", "{} feeds"), "0 feeds");
        assert_eq!(count_in(Lang::Fr, 0, "{} new", "{} new"), "0 nouveau");
        assert_eq!(count_in(Lang::Fr, 1, "{} new", "{} new"), "1 nouveau");
        assert_eq!(count_in(Lang::Fr, 2, "{} new", "{} new"), "2 nouveaux");
        assert_eq!(
            count_in(
                Lang::Fr,
                1,
                "marked {} article read",
                "marked {} articles read"
            ),
            "1 article marqué comme lu"
        );
    }

    #[test]
    fn the_long_date_is_the_day_in_the_readers_zone() {
        let t = Utc.with_ymd_and_hms(2023, 10, 31, 23, 30, 0).unwrap();
        let dakar = chrono::FixedOffset::east_opt(0).unwrap();
        let kinshasa = chrono::FixedOffset::east_opt(3600).unwrap();
        let montreal = chrono::FixedOffset::west_opt(4 * 3600).unwrap();
        assert_eq!(long_date_in_zone(Lang::Fr, t, &dakar), "31 octobre 2023");
        assert_eq!(
            long_date_in_zone(Lang::Fr, t, &kinshasa),
            "1er novembre 2023"
        );
        assert_eq!(long_date_in_zone(Lang::En, t, &montreal), "31 October 2023");
    }
}
