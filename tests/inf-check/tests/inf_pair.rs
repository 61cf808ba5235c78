//! The INF pair in `inf/` against `shared/spec/lifecycle.md` §16 (LC-81 protocol INF,
//! LC-82 virtual-miniport INF, LC-83 packaging), the MUX installation requirements, the
//! standardized connection-offload keywords (issue 10) and the driver's own names.

use std::collections::BTreeSet;
use std::fs;

use inf_check::{AddReg, Inf, InfSection, decode_utf16le_crlf, workspace_root};

const PROTOCOL_INX: &str = "chimney_im.inx";
const MINIPORT_INX: &str = "chimney_im_mp.inx";
/// The protocol's service name = the `Name` the driver passes to
/// NdisRegisterProtocolDriver (LC-5): `PROTOCOL_NAME` in the driver.
const SERVICE: &str = "chimney_im";
const MODELS_DECORATION: &str = "NT$ARCH$.10.0...25341";
const PROTOCOL_HWID: &str = "CHIMNEYIM_PROTOCOL";
const MINIPORT_HWID: &str = "CHIMNEYIM_MINIPORT";
const NETTRANS_GUID: &str = "{4D36E975-E325-11CE-BFC1-08002BE10318}";
const NET_GUID: &str = "{4D36E972-E325-11CE-BFC1-08002BE10318}";

fn load(name: &str) -> Inf {
    let path = workspace_root().join("inf").join(name);
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = decode_utf16le_crlf(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    Inf::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn section<'a>(inf: &'a Inf, file: &str, name: &str) -> &'a InfSection {
    inf.section(name)
        .unwrap_or_else(|| panic!("{file}: no (single) section [{name}]"))
}

/// The expanded value of the single `key` in `[section]`.
fn value(inf: &Inf, file: &str, name: &str, key: &str) -> String {
    let line = section(inf, file, name)
        .get(key)
        .unwrap_or_else(|| panic!("{file} [{name}]: no (single) {key}"));
    match line.fields.as_slice() {
        [one] => inf.expand(one),
        _ => inf.expand(&line.value),
    }
}

fn int(text: &str) -> u32 {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    }
    .unwrap_or_else(|e| panic!("`{text}` is not a number: {e}"))
}

/// The install section of the only model in the DIRID 13 models section, and its hw-id.
fn install<'a>(inf: &'a Inf, file: &str) -> (&'a InfSection, String) {
    let manufacturer = section(inf, file, "Manufacturer");
    assert_eq!(manufacturer.lines.len(), 1, "{file}: one manufacturer");
    let fields = &manufacturer.lines[0].fields;
    assert_eq!(
        fields.len(),
        2,
        "{file}: [Manufacturer] names exactly one decoration (LC-81: no DIRID 11/12 variant \
         without a notify object)"
    );
    assert_eq!(
        fields[1], MODELS_DECORATION,
        "{file}: models decoration (LC-81, LC-83)"
    );
    let models = section(inf, file, &format!("{}.{}", fields[0], fields[1]));
    assert_eq!(models.lines.len(), 1, "{file}: one model");
    let model = &models.lines[0];
    assert_eq!(
        model.fields.len(),
        2,
        "{file}: model = install-section, hw-id"
    );
    (
        section(inf, file, &model.fields[0]),
        model.fields[1].clone(),
    )
}

/// The single `AddReg` value `name` under `subkey`, expanded.
fn reg(inf: &Inf, regs: &[AddReg], subkey: &str, name: &str) -> String {
    let found: Vec<_> = regs
        .iter()
        .filter(|r| r.subkey.eq_ignore_ascii_case(subkey) && r.name.eq_ignore_ascii_case(name))
        .collect();
    assert_eq!(found.len(), 1, "AddReg {subkey}, {name}: {found:?}");
    let r = found[0];
    assert_eq!(r.root, "HKR", "AddReg {subkey}, {name}: root");
    assert!(
        r.flags.is_empty() || int(&r.flags) == 0,
        "AddReg {subkey}, {name}: REG_SZ (flags 0), got {}",
        r.flags
    );
    inf.expand(&r.value)
}

fn check_version(inf: &Inf, file: &str, class: &str, guid: &str, catalog: &str) {
    assert!(
        value(inf, file, "Version", "Signature").eq_ignore_ascii_case("$WINDOWS NT$"),
        "{file}: Signature"
    );
    assert_eq!(value(inf, file, "Version", "Class"), class, "{file}: Class");
    assert!(
        value(inf, file, "Version", "ClassGuid").eq_ignore_ascii_case(guid),
        "{file}: ClassGuid"
    );
    assert_eq!(
        value(inf, file, "Version", "CatalogFile"),
        catalog,
        "{file}: CatalogFile"
    );
    assert_eq!(
        value(inf, file, "Version", "PnpLockdown"),
        "1",
        "{file}: PnpLockdown"
    );
    assert!(
        !value(inf, file, "Version", "Provider").is_empty(),
        "{file}: Provider"
    );
    // DriverVer is written by stampinf (-d * -v *); the source keeps the placeholder.
    section(inf, file, "Version")
        .get("DriverVer")
        .unwrap_or_else(|| panic!("{file}: DriverVer placeholder for stampinf"));
}

/// `AddService = chimney_im, FLAGS, install` and its install section (LC-81, LC-82).
fn check_service(inf: &Inf, file: &str, install: &InfSection, flags: u32) {
    let services = section(inf, file, &format!("{}.Services", install.name));
    let add = services
        .get("AddService")
        .unwrap_or_else(|| panic!("{file}: one AddService"));
    assert_eq!(
        add.fields.len(),
        3,
        "{file}: AddService = name, flags, section"
    );
    assert_eq!(add.fields[0], SERVICE, "{file}: service name");
    assert_eq!(int(&add.fields[1]), flags, "{file}: AddService flags");
    let svc = &add.fields[2];
    assert_eq!(
        value(inf, file, svc, "ServiceType"),
        "1",
        "{file}: SERVICE_KERNEL_DRIVER"
    );
    assert_eq!(
        value(inf, file, svc, "StartType"),
        "3",
        "{file}: SERVICE_DEMAND_START"
    );
    assert_eq!(
        value(inf, file, svc, "ErrorControl"),
        "1",
        "{file}: SERVICE_ERROR_NORMAL"
    );
    assert_eq!(
        value(inf, file, svc, "ServiceBinary"),
        format!("%13%\\{}", driver_binary()),
        "{file}: ServiceBinary runs from the driver store (DIRID 13)"
    );
}

/// The `.sys` the build produces: the package name with `-` as `_` (cargo's artifact
/// name, which the windows-drivers-rs flow renames from `.dll` to `.sys`).
fn driver_binary() -> String {
    let manifest = fs::read_to_string(workspace_root().join("Cargo.toml")).expect("Cargo.toml");
    let manifest = format!("\n{manifest}");
    let package = manifest
        .split("\n[")
        .find(|t| t.starts_with("package]"))
        .expect("[package] in the root Cargo.toml");
    let name = package
        .lines()
        .find_map(|l| l.trim().strip_prefix("name = "))
        .expect("package name")
        .trim_matches('"');
    format!("{}.sys", name.replace('-', "_"))
}

/// The binary is copied by the install section, listed as a source file, and every
/// destination is DIRID 13 (LC-81, LC-83).
fn check_files(inf: &Inf, file: &str, install: &InfSection) {
    let binary = driver_binary();
    let copy_sections: Vec<String> = install
        .all("CopyFiles")
        .iter()
        .flat_map(|l| l.fields.clone())
        .collect();
    let copied: Vec<String> = copy_sections
        .iter()
        .flat_map(|s| {
            section(inf, file, s)
                .lines
                .iter()
                .map(|l| l.fields[0].clone())
        })
        .collect();
    assert_eq!(
        copied,
        std::slice::from_ref(&binary),
        "{file}: CopyFiles copies exactly the driver"
    );
    let sources = section(inf, file, "SourceDisksFiles");
    assert_eq!(
        sources.get(&binary).map(|l| l.value.as_str()),
        Some("1"),
        "{file}: SourceDisksFiles"
    );
    section(inf, file, "SourceDisksNames")
        .get("1")
        .unwrap_or_else(|| panic!("{file}: SourceDisksNames disk 1"));
    let dirs = section(inf, file, "DestinationDirs");
    assert_eq!(value(inf, file, "DestinationDirs", "DefaultDestDir"), "13");
    for l in &dirs.lines {
        assert_eq!(
            l.value, "13",
            "{file} line {}: DIRID 13 only (LC-81)",
            l.number
        );
    }
    for s in &copy_sections {
        assert!(
            dirs.get(s).is_some(),
            "{file}: DestinationDirs entry for {s}"
        );
    }
}

/// What InfVerif /w and LC-81 rule out: other DIRIDs, removal directives (MUX #973), the
/// filter-only NetCfgInstanceId, and a notify object that does not ship (LC-83).
fn check_forbidden(inf: &Inf, file: &str) {
    for s in &inf.sections {
        assert!(
            !s.name.to_ascii_lowercase().contains(".remove"),
            "{file}: removal section [{}]",
            s.name
        );
        for l in &s.lines {
            let text =
                format!("{} {}", l.key.as_deref().unwrap_or(""), l.value).to_ascii_lowercase();
            for bad in [
                "%10%",
                "%11%",
                "%12%",
                "delfiles",
                "delservice",
                "delreg",
                "netcfginstanceid",
                "clsid",
                "componentdll",
            ] {
                assert!(!text.contains(bad), "{file} line {}: `{bad}`", l.number);
            }
        }
    }
}

/// Every entry outside `[Strings]` carries a `;` comment citing the LC rule it follows.
fn check_citations(inf: &Inf, file: &str) {
    for s in inf
        .sections
        .iter()
        .filter(|s| !s.name.eq_ignore_ascii_case("Strings"))
    {
        for l in &s.lines {
            assert!(
                l.comment.as_deref().is_some_and(|c| c.contains("LC-")),
                "{file} line {} ([{}]): no `; LC-..` justification",
                l.number,
                s.name
            );
        }
    }
}

/// Every section an install, service or AddReg directive names exists, and every
/// `%string%` is defined.
fn check_references(inf: &Inf, file: &str) {
    assert_eq!(
        inf.undefined_strings(),
        Vec::<String>::new(),
        "{file}: undefined strings"
    );
    let names: BTreeSet<String> = inf
        .sections
        .iter()
        .map(|s| s.name.to_ascii_lowercase())
        .collect();
    for s in &inf.sections {
        for key in ["AddReg", "CopyFiles"] {
            for l in s.all(key) {
                for target in &l.fields {
                    assert!(
                        names.contains(&target.to_ascii_lowercase()),
                        "{file} line {}: {key} names missing section [{target}]",
                        l.number
                    );
                }
            }
        }
    }
}

#[test]
fn both_files_are_utf16le_with_bom_and_crlf() {
    for name in [PROTOCOL_INX, MINIPORT_INX] {
        let bytes = fs::read(workspace_root().join("inf").join(name)).expect("readable");
        let text = decode_utf16le_crlf(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            text.is_ascii(),
            "{name}: ASCII content (no localisation needed)"
        );
        assert!(!text.contains('\t'), "{name}: no tabs");
    }
}

#[test]
fn protocol_inf_lc81() {
    let (inf, file) = (load(PROTOCOL_INX), PROTOCOL_INX);
    check_version(&inf, file, "NetTrans", NETTRANS_GUID, "chimney_im.cat");
    let (install, hwid) = install(&inf, file);
    assert_eq!(hwid, PROTOCOL_HWID, "provider_product hw-id (LC-81)");
    assert_eq!(
        int(&install
            .get("Characteristics")
            .expect("Characteristics")
            .value),
        0x80,
        "NCF_HAS_UI, required for a MUX protocol (LC-81)"
    );
    let copy_inf = install.get("CopyInf").expect("CopyInf (LC-81)");
    assert_eq!(
        copy_inf.fields,
        ["chimney_im_mp.inf"],
        "CopyInf names the miniport INF"
    );
    assert!(
        workspace_root().join("inf").join(MINIPORT_INX).exists(),
        "the copied INF is built from inf/{MINIPORT_INX}"
    );

    let regs = inf.addreg_of(install);
    assert_eq!(
        reg(&inf, &regs, "Ndi", "Service"),
        SERVICE,
        "Ndi\\Service (LC-5, LC-81)"
    );
    assert!(
        !reg(&inf, &regs, "Ndi", "HelpText").is_empty(),
        "Ndi\\HelpText (LC-81)"
    );
    assert_eq!(
        reg(&inf, &regs, "Ndi\\Interfaces", "UpperRange"),
        "noupper",
        "LC-81"
    );
    assert_eq!(
        reg(&inf, &regs, "Ndi\\Interfaces", "LowerRange"),
        "ndis5",
        "LC-81, LC-83"
    );
    assert_eq!(
        regs.len(),
        4,
        "no other Ndi values (no notify object, no params)"
    );

    check_service(&inf, file, install, 0);
    check_files(&inf, file, install);
    check_forbidden(&inf, file);
    check_references(&inf, file);
    check_citations(&inf, file);
}

#[test]
fn miniport_inf_lc82() {
    let (inf, file) = (load(MINIPORT_INX), MINIPORT_INX);
    check_version(&inf, file, "Net", NET_GUID, "chimney_im_mp.cat");
    let (install, hwid) = install(&inf, file);
    assert_eq!(hwid, MINIPORT_HWID, "provider_product hw-id (LC-82)");
    assert_eq!(
        value(&inf, file, "ControlFlags", "ExcludeFromSelect"),
        MINIPORT_HWID,
        "ExcludeFromSelect names the miniport (LC-82)"
    );
    assert!(
        install.get("CopyInf").is_none(),
        "only the protocol INF copies INFs"
    );

    let characteristics = int(&install
        .get("Characteristics")
        .expect("Characteristics")
        .value);
    assert_eq!(
        characteristics, 0xA1,
        "NCF_HAS_UI | NCF_NOT_USER_REMOVABLE | NCF_VIRTUAL"
    );
    assert_ne!(characteristics & 0x01, 0, "NCF_VIRTUAL is required (LC-82)");
    assert_eq!(
        characteristics & 0x08,
        0,
        "not NCF_HIDDEN: the chimney switch must be reachable"
    );
    assert_eq!(
        int(&value(&inf, file, &install.name, "*IfType")),
        6,
        "IF_TYPE_ETHERNET_CSMACD"
    );
    assert_eq!(
        int(&value(&inf, file, &install.name, "*MediaType")),
        0,
        "NdisMedium802_3"
    );
    assert_eq!(
        int(&value(&inf, file, &install.name, "*PhysicalMediaType")),
        14,
        "NdisPhysicalMedium802_3, as the velan reports for an Ethernet chimney NIC (LC-82, LC-20)"
    );

    let regs = inf.addreg_of(install);
    assert_eq!(
        reg(&inf, &regs, "Ndi", "Service"),
        SERVICE,
        "the shared service (LC-82)"
    );
    assert!(!reg(&inf, &regs, "Ndi", "HelpText").is_empty());
    assert_eq!(
        reg(&inf, &regs, "Ndi\\Interfaces", "UpperRange"),
        "ndis5",
        "LC-82"
    );
    assert_eq!(
        reg(&inf, &regs, "Ndi\\Interfaces", "LowerRange"),
        "nolower",
        "LC-82, LC-83"
    );
    let has_params = regs
        .iter()
        .any(|r| r.subkey.to_ascii_lowercase().starts_with("ndi\\params"));
    assert_eq!(
        has_params,
        characteristics & 0x80 != 0,
        "NCF_HAS_UI exactly when there are Advanced-page params (LC-82)"
    );

    check_service(&inf, file, install, 2);
    check_files(&inf, file, install);
    check_forbidden(&inf, file);
    check_references(&inf, file);
    check_citations(&inf, file);
}

/// Issue 10: `*TCPConnectionOffloadIPv4` / `*TCPConnectionOffloadIPv6` as the standardized
/// enumeration keywords define them: ParamDesc "TCP Connection Offload (IPvN)", type enum,
/// values 0 Disabled / 1 Enabled, default 1.
#[test]
fn miniport_standardized_connection_offload_keywords() {
    let (inf, file) = (load(MINIPORT_INX), MINIPORT_INX);
    let (install, _) = install(&inf, file);
    let regs = inf.addreg_of(install);
    for (keyword, desc) in [
        ("*TCPConnectionOffloadIPv4", "TCP Connection Offload (IPv4)"),
        ("*TCPConnectionOffloadIPv6", "TCP Connection Offload (IPv6)"),
    ] {
        let key = format!("Ndi\\params\\{keyword}");
        assert_eq!(
            reg(&inf, &regs, &key, "ParamDesc"),
            desc,
            "{keyword}: ParamDesc"
        );
        assert!(
            reg(&inf, &regs, &key, "Type").eq_ignore_ascii_case("enum"),
            "{keyword}: type"
        );
        assert_eq!(
            reg(&inf, &regs, &key, "Default"),
            "1",
            "{keyword}: default Enabled"
        );
        let enum_key = format!("{key}\\enum");
        let values: BTreeSet<(String, String)> = regs
            .iter()
            .filter(|r| r.subkey.eq_ignore_ascii_case(&enum_key))
            .map(|r| (r.name.clone(), inf.expand(&r.value)))
            .collect();
        let expected: BTreeSet<(String, String)> = [("0", "Disabled"), ("1", "Enabled")]
            .iter()
            .map(|(v, d)| ((*v).to_owned(), (*d).to_owned()))
            .collect();
        assert_eq!(values, expected, "{keyword}: enum values");
    }
    let params: BTreeSet<String> = regs
        .iter()
        .filter_map(|r| r.subkey.strip_prefix("Ndi\\params\\"))
        .map(|k| k.split('\\').next().unwrap_or(k).to_owned())
        .collect();
    assert_eq!(
        params.len(),
        2,
        "no other Advanced-page keywords: {params:?}"
    );
}

/// Both INFs install one and the same service from identical install sections, and the
/// catalog names follow the INF names stampinf is given (LC-83).
#[test]
fn the_pair_agrees() {
    let (p, m) = (load(PROTOCOL_INX), load(MINIPORT_INX));
    let service_of = |inf: &Inf| {
        let (install, _) = install(inf, "either");
        let services = inf
            .section(&format!("{}.Services", install.name))
            .expect("services");
        let name = &services.get("AddService").expect("AddService").fields[2];
        let s = inf.section(name).expect("service section");
        s.lines
            .iter()
            .map(|l| {
                (
                    l.key.clone().unwrap_or_default().to_ascii_lowercase(),
                    inf.expand(&l.value),
                )
            })
            .filter(|(k, _)| k != "displayname" && k != "description")
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(service_of(&p), service_of(&m), "one service definition");
    for (inf, stem) in [(&p, "chimney_im"), (&m, "chimney_im_mp")] {
        assert_eq!(
            value(inf, stem, "Version", "CatalogFile"),
            format!("{stem}.cat")
        );
    }
}

/// The service name equals the protocol name the driver registers (LC-5): the driver's
/// `PROTOCOL_NAME` must exist and be `chimney_im`.
#[test]
fn service_name_matches_the_driver_source() {
    fn visit(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
        for entry in fs::read_dir(dir).expect("readable directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                visit(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = fs::read_to_string(&path).expect("readable source");
                for line in source.lines() {
                    if let Some(rest) = line.split("const PROTOCOL_NAME: &str = \"").nth(1) {
                        let value = rest.split('"').next().unwrap_or_default().to_owned();
                        found.push((path.display().to_string(), value));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    visit(&workspace_root().join("driver"), &mut found);
    for (path, name) in &found {
        assert_eq!(
            name, SERVICE,
            "{path}: PROTOCOL_NAME must equal the INF service name"
        );
    }
    assert!(
        !found.is_empty(),
        "the driver registers its protocol under PROTOCOL_NAME; none found in driver/"
    );
    assert_eq!(
        driver_binary(),
        "chimney_im.sys",
        "the INFs install chimney_im.sys"
    );
}

/// The packaging step stamps both sources (LC-83: one .inx per crate in the standard
/// flows, so Makefile.toml carries the second one itself).
#[test]
fn makefile_packages_both_infs() {
    let makefile =
        fs::read_to_string(workspace_root().join("Makefile.toml")).expect("Makefile.toml");
    for name in [PROTOCOL_INX, MINIPORT_INX] {
        assert!(
            makefile.contains(&format!("inf/{name}")),
            "Makefile.toml does not use inf/{name}"
        );
    }
    // The protocol INF's catalog is named by the standard stampinf task
    // (`${CARGO_MAKE_CRATE_FS_NAME}.cat`); the miniport's by Makefile.toml.
    assert!(
        makefile.contains("CHIMNEY_IM_MINIPORT_INF = \"chimney_im_mp\"")
            && makefile.contains("${CHIMNEY_IM_MINIPORT_INF}.cat"),
        "Makefile.toml stamps chimney_im_mp.inf with CatalogFile chimney_im_mp.cat"
    );
}
