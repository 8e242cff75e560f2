//! A generator of synthetic briefing content for benchmarks: `n` briefs with
//! citations, quotations, actor mentions and links, plus actors, events and
//! sources in proportion, and an archive so quotations are checked too.
//! Deterministic: the same `n` always gives the same tree.

use std::fmt::Write as _;
use std::path::Path;

const WORDS: &[&str] = &[
    "security",
    "border",
    "tariff",
    "transfer",
    "cartel",
    "policy",
    "minister",
    "agreement",
    "negotiation",
    "extradition",
    "prisoner",
    "government",
    "strategy",
    "violence",
    "trade",
    "sovereignty",
    "deployment",
    "seizure",
    "laboratory",
    "homicide",
    "pressure",
    "cooperation",
    "intelligence",
    "justice",
    "court",
    "president",
    "treaty",
    "migration",
    "fentanyl",
    "weapon",
];
const SURNAMES: &[&str] = &[
    "García",
    "Hernández",
    "López",
    "Martínez",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Cruz",
    "Morales",
    "Reyes",
    "Gutiérrez",
    "Ortiz",
    "Ruiz",
    "Chávez",
    "Vargas",
    "Castillo",
    "Jiménez",
    "Moreno",
    "Romero",
    "Álvarez",
];

/// A small deterministic pseudo-random generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.word());
    }
    let mut c = s.chars();
    let first = c
        .next()
        .map(|f| f.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{}.", c.as_str())
}

/// Writes a project (briefbook.toml, content/, archive/) with `n` briefs.
pub fn generate(dir: &Path, n: usize) -> std::io::Result<()> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let actors = (n / 10).max(20);
    let events = (n / 5).max(20);
    let sources = 20;
    for sub in ["briefs", "actors", "events", "sources"] {
        std::fs::create_dir_all(dir.join("content").join(sub))?;
    }
    std::fs::create_dir_all(dir.join("archive"))?;
    std::fs::write(
        dir.join("briefbook.toml"),
        "title = \"Synthetic briefing\"\narchive = \"archive\"\n\n[[topics]]\nid = \"alpha\"\ntitle = \"Alpha\"\n\n[[topics]]\nid = \"beta\"\ntitle = \"Beta\"\n",
    )?;
    // Each source's archive text is a run of sentences; quotations are cut
    // from it so that the quotation check does real work.
    let mut archive_texts = Vec::new();
    for s in 0..sources {
        let text: Vec<String> = (0..200).map(|_| sentence(&mut rng, 12)).collect();
        let text = text.join(" ");
        std::fs::write(dir.join(format!("archive/s{s}.txt")), &text)?;
        std::fs::write(
            dir.join(format!("content/sources/source-{s}.md")),
            format!(
                "---\ntitle: \"Source {s}\"\nauthor: not recorded\npublisher: not recorded\npublished: 2025-01\nurl: not recorded\nkind: news\narchive: s{s}.txt\n---\n\nA synthetic source.\n"
            ),
        )?;
        archive_texts.push(text);
    }
    let name = |a: usize| {
        format!(
            "{} {}",
            SURNAMES[a % SURNAMES.len()],
            SURNAMES[(a / SURNAMES.len() + a) % SURNAMES.len()]
        )
    };
    for a in 0..actors {
        std::fs::write(
            dir.join(format!("content/actors/actor-{a}.md")),
            format!(
                "---\nname: \"{} {a}\"\nkind: person\nrole: \"Synthetic actor\"\ncountry: Mexico\naliases: [\"Agent{a}\"]\n---\n\nA synthetic actor [@source-{}].\n",
                name(a),
                a % sources
            ),
        )?;
    }
    for e in 0..events {
        let month = e % 12 + 1;
        let day = e % 28 + 1;
        std::fs::write(
            dir.join(format!("content/events/event-{e}.md")),
            format!(
                "---\ntitle: \"Event {e}\"\ndate: {}-{month:02}-{day:02}\nactors: [actor-{}]\nsources: [source-{}]\ntopics: [alpha]\n---\n\nSomething happened [@source-{}].\n",
                2020 + e % 6,
                e % actors,
                e % sources,
                e % sources
            ),
        )?;
    }
    for b in 0..n {
        let mut body = String::new();
        for section in 0..3 {
            let _ = writeln!(body, "## Section {section}\n");
            for _ in 0..3 {
                let s = rng.below(sources);
                let text = &archive_texts[s];
                let start = rng.below(text.len() - 200);
                let start = text[start..].find(' ').map_or(start, |i| start + i + 1);
                let quote: String = text[start..]
                    .split(' ')
                    .take(5)
                    .collect::<Vec<_>>()
                    .join(" ");
                let quote = quote.trim_end_matches('.');
                let actor = rng.below(actors);
                let _ = writeln!(
                    body,
                    "{} Agent{actor} met [[event-{}]] {} [@source-{s}, \"{quote}\"].\n",
                    sentence(&mut rng, 20),
                    rng.below(events),
                    sentence(&mut rng, 25),
                );
            }
        }
        std::fs::write(
            dir.join(format!("content/briefs/brief-{b}.md")),
            format!(
                "---\ntitle: \"Brief {b}: {} and {}\"\nsummary: \"{}\"\ntopic: {}\nas_of: 2025-{:02}-{:02}\nstatus: final\nactors: [actor-{}]\nevents: [event-{}]\nsources: [source-{}]\n---\n\n{body}",
                rng.word(),
                rng.word(),
                sentence(&mut rng, 15),
                if b % 2 == 0 { "alpha" } else { "beta" },
                b % 12 + 1,
                b % 28 + 1,
                b % actors,
                b % events,
                b % sources
            ),
        )?;
    }
    Ok(())
}
