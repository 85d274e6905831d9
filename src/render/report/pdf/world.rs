//! The closed world the PDF is typeset in: one template (with the modules it imports), the report's data as a JSON
//! virtual file, the chart SVGs as virtual files, and the bundled DejaVu fonts. Nothing is
//! read from disk, no system font is looked up, and "today" is the campaign's date, so the
//! same report always gives the same bytes.

use std::collections::HashMap;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The fonts embedded in the binary (see assets/fonts/LICENSE).
pub const FONTS: [&[u8]; 3] = [
    include_bytes!("../../../../assets/fonts/DejaVuSans.ttf"),
    include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../../../assets/fonts/DejaVuSansMono.ttf"),
];

pub struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    /// Other typst files the main one imports.
    modules: Vec<Source>,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

impl std::fmt::Debug for ReportWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportWorld")
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

/// A file id in the project root; `name` must be a plain relative path.
pub fn file_id(name: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(format!("/{name}")).map_err(|e| format!("{name}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl ReportWorld {
    /// A world whose main file is `template`, with `files` (name, bytes) beside it.
    pub fn new(
        template: &str,
        modules: &[(&str, &str)],
        files: Vec<(String, Vec<u8>)>,
        today: Option<Datetime>,
    ) -> Result<ReportWorld, String> {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let main = Source::new(file_id("main.typ")?, template.to_string());
        let modules = modules
            .iter()
            .map(|(name, text)| Ok(Source::new(file_id(name)?, text.to_string())))
            .collect::<Result<Vec<_>, String>>()?;
        let files = files
            .into_iter()
            .map(|(name, bytes)| Ok((file_id(&name)?, Bytes::new(bytes))))
            .collect::<Result<HashMap<_, _>, String>>()?;
        Ok(ReportWorld {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main,
            modules,
            files,
            today,
        })
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        self.modules
            .iter()
            .find(|m| m.id() == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Ok(s) = self.source(id) {
            return Ok(Bytes::from_string(s.text().to_string()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
