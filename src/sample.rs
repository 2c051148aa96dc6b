//! A realistic sample directory (contract §2 shape), so the app and the CLI
//! are useful with zero setup and tests provision something that looks like
//! a real tenant: Entra-style attribute names, managers, departments and
//! offices as groups, disabled accounts, and the awkward values real
//! directories hold (diacritics, apostrophes, a missing mail, an emoji, an
//! address outside the verified domain). Deterministic: the same count gives
//! the same directory, so previews and tests are reproducible.

use serde_json::{json, Map, Value};

/// The default size: enough for paging and scoping to matter.
pub const DEFAULT_USERS: usize = 240;

/// The domain sample users live in (the sample config verifies it).
pub const DOMAIN: &str = "example.com";

const GIVEN: &[&str] = &[
    "Ava", "Liam", "Sofia", "Noah", "Mia", "Lucas", "Emma", "Mateo", "Olivia", "Elias", "Amelia",
    "Hugo", "Chloé", "José", "Zoë", "Łukasz", "Aiko", "Priya", "Kwame", "Ingrid", "Siobhán",
    "Rafael", "Yuki", "Omar", "Fatima", "Björn", "Lena", "Diego", "Nadia", "Tomás",
];
const SURNAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "García",
    "Müller",
    "Rossi",
    "Dubois",
    "O'Brien",
    "Nguyen",
    "Kowalski",
    "Tanaka",
    "Patel",
    "Mensah",
    "Larsen",
    "Fernández",
    "Schmidt",
    "Brontë",
    "Nakamura",
    "Haddad",
    "Okafor",
    "Silva",
    "Andersson",
    "Smith-Jones",
    "Ivanova",
    "Chen",
    "Kim",
    "Murphy",
    "Novak",
    "Costa",
    "Weber",
    "Moreau",
];
/// (department, titles, cost center, division)
const DEPARTMENTS: &[(&str, &[&str], &str, &str)] = &[
    (
        "Sales",
        &["Account Executive", "Sales Manager", "Sales Engineer"],
        "CC-100",
        "Revenue",
    ),
    (
        "Engineering",
        &[
            "Software Engineer",
            "Senior Software Engineer",
            "Engineering Manager",
        ],
        "CC-200",
        "Product",
    ),
    (
        "Marketing",
        &["Marketing Specialist", "Content Lead", "Marketing Manager"],
        "CC-300",
        "Revenue",
    ),
    (
        "Finance",
        &["Accountant", "Financial Analyst", "Controller"],
        "CC-400",
        "G&A",
    ),
    (
        "Human Resources",
        &["HR Generalist", "Recruiter", "HR Business Partner"],
        "CC-500",
        "G&A",
    ),
    (
        "Support",
        &[
            "Support Engineer",
            "Support Lead",
            "Customer Success Manager",
        ],
        "CC-600",
        "Revenue",
    ),
    (
        "Legal",
        &["Counsel", "Paralegal", "General Counsel"],
        "CC-700",
        "G&A",
    ),
    (
        "Design",
        &["Product Designer", "UX Researcher", "Design Lead"],
        "CC-800",
        "Product",
    ),
];
/// (office, city, state, country code, language, phone prefix)
const OFFICES: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("New York", "New York", "NY", "US", "en-US", "+1 212 555"),
    ("San Jose", "San Jose", "CA", "US", "en-US", "+1 408 555"),
    ("London", "London", "England", "GB", "en-GB", "+44 20 7946"),
    ("Berlin", "Berlin", "BE", "DE", "de-DE", "+49 30 9876"),
    ("Paris", "Paris", "IDF", "FR", "fr-FR", "+33 1 7098"),
    ("Tokyo", "Tokyo", "13", "JP", "ja-JP", "+81 3 4578"),
];

/// A tiny deterministic generator (SplitMix64): no dependency, same output everywhere.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn user_id(index: usize) -> String {
    format!("{:08x}-5a3e-4c1d-9b7f-{:012x}", 0x1000_0000 + index, index)
}

/// Lower-case ASCII local part for an address: "Siobhán O'Brien" → "siobhan.obrien".
fn mail_local_part(given: &str, surname: &str) -> String {
    let fold = |s: &str| -> String {
        s.chars()
            .filter_map(|c| match c {
                'á' | 'à' | 'ä' | 'â' => Some('a'),
                'é' | 'è' | 'ë' | 'ê' => Some('e'),
                'í' | 'ï' => Some('i'),
                'ó' | 'ö' | 'ô' => Some('o'),
                'ú' | 'ü' => Some('u'),
                'ñ' => Some('n'),
                'Ł' | 'ł' => Some('l'),
                'Ø' | 'ø' => Some('o'),
                c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
                '-' => Some('-'),
                _ => None,
            })
            .collect()
    };
    format!("{}.{}", fold(given), fold(surname))
}

/// The sample directory with `count` users and its groups.
pub fn directory(count: usize) -> Value {
    let mut seq = Sequence(0x5C1A_11A9);
    let mut users: Vec<Value> = Vec::with_capacity(count);
    let mut taken = std::collections::HashSet::new();
    // The first user of each department manages it.
    let mut department_heads: Vec<Option<String>> = vec![None; DEPARTMENTS.len()];
    let mut members: Vec<Vec<String>> = vec![Vec::new(); DEPARTMENTS.len() + OFFICES.len() + 2];
    for index in 0..count {
        let id = user_id(index);
        let given = *seq.pick(GIVEN);
        let surname = *seq.pick(SURNAMES);
        let dept_index = index % DEPARTMENTS.len();
        let (department, titles, cost_center, division) = DEPARTMENTS[dept_index];
        let office_index = (seq.next() % OFFICES.len() as u64) as usize;
        let (office, city, state, country, language, phone) = OFFICES[office_index];
        let mut local = mail_local_part(given, surname);
        if !taken.insert(local.clone()) {
            local = format!("{local}{index}");
            taken.insert(local.clone());
        }
        let contractor = index % 37 == 36;
        let domain = if contractor {
            "partner.example.net"
        } else {
            DOMAIN
        };
        let enabled = index % 23 != 22;
        let display = if index == 41 {
            format!("{given} \u{1F680} {surname}")
        } else {
            format!("{given} {surname}")
        };
        let title = match &department_heads[dept_index] {
            None => format!("Head of {department}"),
            Some(_) => seq.pick(titles).to_string(),
        };
        let mut user = Map::new();
        user.insert("id".into(), json!(id));
        user.insert(
            "userPrincipalName".into(),
            json!(format!("{local}@{domain}")),
        );
        // A few users have no mailbox, as in real tenants.
        if index % 53 != 52 {
            user.insert("mail".into(), json!(format!("{local}@{domain}")));
        }
        user.insert("mailNickname".into(), json!(local));
        user.insert("givenName".into(), json!(given));
        user.insert("surname".into(), json!(surname));
        user.insert("displayName".into(), json!(display));
        user.insert("jobTitle".into(), json!(title));
        user.insert("department".into(), json!(department));
        user.insert(
            "companyName".into(),
            json!(if contractor {
                "Partner Consulting"
            } else {
                "Example Corp"
            }),
        );
        user.insert(
            "employeeId".into(),
            json!(format!("E{:05}", 10_000 + index)),
        );
        user.insert(
            "employeeType".into(),
            json!(if contractor { "Contractor" } else { "Employee" }),
        );
        user.insert("costCenter".into(), json!(cost_center));
        user.insert("division".into(), json!(division));
        user.insert("officeLocation".into(), json!(office));
        user.insert("city".into(), json!(city));
        user.insert("state".into(), json!(state));
        user.insert("country".into(), json!(country));
        user.insert("usageLocation".into(), json!(country));
        user.insert("preferredLanguage".into(), json!(language));
        user.insert(
            "telephoneNumber".into(),
            json!(format!("{phone} {:04}", seq.next() % 10_000)),
        );
        user.insert("accountEnabled".into(), json!(enabled));
        user.insert("accountDisabled".into(), json!(!enabled));
        // Entra's computed attribute the gallery apps' `active` mapping reads.
        user.insert("IsSoftDeleted".into(), json!(false));
        let year = 2015 + (seq.next() % 10);
        let month = 1 + seq.next() % 12;
        let day = 1 + seq.next() % 28;
        user.insert(
            "employeeHireDate".into(),
            json!(format!("{year}-{month:02}-{day:02}T09:00:00Z")),
        );
        match &department_heads[dept_index] {
            Some(head) => {
                user.insert("manager".into(), json!({ "id": head }));
            }
            None => department_heads[dept_index] = Some(id.clone()),
        }
        members[dept_index].push(id.clone());
        members[DEPARTMENTS.len() + office_index].push(id.clone());
        if contractor {
            members[DEPARTMENTS.len() + OFFICES.len()].push(id.clone());
        }
        if seq.chance(10) || title.starts_with("Head of") {
            members[DEPARTMENTS.len() + OFFICES.len() + 1].push(id.clone());
        }
        users.push(Value::Object(user));
    }
    let group_names = DEPARTMENTS
        .iter()
        .map(|d| d.0.to_string())
        .chain(OFFICES.iter().map(|o| format!("Office {}", o.0)))
        .chain(["Contractors".to_string(), "Project Phoenix".to_string()]);
    let groups: Vec<Value> = group_names
        .zip(members)
        .enumerate()
        .map(|(index, (name, ids))| {
            json!({
                "id": format!("g-{:04}", index + 1),
                "displayName": name,
                "description": format!("{name} (sample group)"),
                "members": ids,
            })
        })
        .collect();
    json!({ "users": users, "groups": groups })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_deterministic_and_sized() {
        let a = directory(DEFAULT_USERS);
        assert_eq!(a, directory(DEFAULT_USERS));
        assert_eq!(a["users"].as_array().unwrap().len(), DEFAULT_USERS);
        let groups = a["groups"].as_array().unwrap();
        assert_eq!(groups.len(), DEPARTMENTS.len() + OFFICES.len() + 2);
        assert!(groups
            .iter()
            .all(|g| !g["members"].as_array().unwrap().is_empty()));
    }

    #[test]
    fn ids_and_user_names_are_unique_and_members_exist() {
        let dir = directory(DEFAULT_USERS);
        let users = dir["users"].as_array().unwrap();
        let ids: std::collections::HashSet<_> =
            users.iter().map(|u| u["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), users.len());
        let upns: std::collections::HashSet<_> = users
            .iter()
            .map(|u| u["userPrincipalName"].as_str().unwrap())
            .collect();
        assert_eq!(upns.len(), users.len());
        for group in dir["groups"].as_array().unwrap() {
            for member in group["members"].as_array().unwrap() {
                assert!(ids.contains(member.as_str().unwrap()));
            }
        }
    }

    #[test]
    fn holds_the_awkward_cases_validation_must_catch() {
        let dir = directory(DEFAULT_USERS);
        let users = dir["users"].as_array().unwrap();
        assert!(
            users.iter().any(|u| u.get("mail").is_none()),
            "a user without mail"
        );
        assert!(
            users.iter().any(|u| u["accountEnabled"] == json!(false)),
            "disabled accounts"
        );
        assert!(users.iter().any(|u| u["displayName"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| c as u32 > 0xFFFF)));
        assert!(users.iter().any(|u| !u["userPrincipalName"]
            .as_str()
            .unwrap()
            .ends_with("@example.com")));
        assert!(users.iter().any(|u| u["surname"] == json!("O'Brien")));
        // Managers point at real users of the same department.
        let manager = users.iter().find_map(|u| u.get("manager")).unwrap();
        assert!(users.iter().any(|u| u["id"] == manager["id"]));
    }

    #[test]
    fn mail_local_parts_fold_to_ascii() {
        assert_eq!(mail_local_part("Siobhán", "O'Brien"), "siobhan.obrien");
        assert_eq!(
            mail_local_part("Łukasz", "Smith-Jones"),
            "lukasz.smith-jones"
        );
    }
}
