using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Commitments.Web.Evidence;

/// <summary>A kind of evidence file the application accepts, with the media type it is served as.</summary>
/// <param name="Label">How the page names it ("PDF", "Excel-werkmap").</param>
/// <param name="Extensions">The file name endings of this type; the first is added when a name has none of them.</param>
public sealed record EvidenceFileType(string ContentType, string Label, IReadOnlyList<string> Extensions)
{
    public string Extension => Extensions[0];
}

/// <summary>
/// Recognises evidence files by their content, never by the name or the type the browser sends (both
/// are whatever the uploader says): PDF, PNG, JPEG, Excel (.xlsx and the older .xls) and
/// OpenDocument spreadsheets (.ods). Spreadsheets with macros are refused, and so is everything else,
/// CSV included: plain text cannot be told apart from an HTML page by its content.
/// </summary>
public static class EvidenceFileTypes
{
    public static readonly EvidenceFileType Pdf = new("application/pdf", "PDF", [".pdf"]);
    public static readonly EvidenceFileType Png = new("image/png", "PNG", [".png"]);
    public static readonly EvidenceFileType Jpeg = new("image/jpeg", "JPEG", [".jpg", ".jpeg"]);
    public static readonly EvidenceFileType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)", [".xlsx"]);
    public static readonly EvidenceFileType Xls = new("application/vnd.ms-excel", "Excel 97-2003 (.xls)", [".xls"]);
    public static readonly EvidenceFileType Ods = new("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument (.ods)", [".ods"]);

    public static IReadOnlyList<EvidenceFileType> All { get; } = [Pdf, Png, Jpeg, Xlsx, Xls, Ods];

    /// <summary>The type stored for a file, for serving it; anything unknown goes out as bytes.</summary>
    public static string ServedContentType(string? stored) =>
        All.FirstOrDefault(t => t.ContentType == stored)?.ContentType ?? "application/octet-stream";

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The accepted type of this content, or null. The stream must be seekable; it is left open.</summary>
    public static EvidenceFileType? Detect(Stream content)
    {
        if (!content.CanSeek)
        {
            throw new ArgumentException("Detecting a file type needs a seekable stream.", nameof(content));
        }
        content.Position = 0;
        Span<byte> head = stackalloc byte[8];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        content.Position = 0;

        if (head.StartsWith(PdfMagic))
        {
            return Pdf;
        }
        if (head.StartsWith(PngMagic))
        {
            return Png;
        }
        if (head.StartsWith(JpegMagic))
        {
            return Jpeg;
        }
        if (head.StartsWith(ZipMagic))
        {
            return DetectZip(content);
        }
        if (head.StartsWith(OleMagic))
        {
            return CompoundFile.IsExcelWorkbookWithoutMacros(content) ? Xls : null;
        }
        return null;
    }

    /// <summary>
    /// A ZIP is an .xlsx when it holds an Excel workbook part (and no macros), an .ods when its
    /// "mimetype" entry says so (and it holds no Basic or script macros). Any other ZIP is refused.
    /// Only the directory and two small entries are read, so a ZIP bomb costs nothing.
    /// </summary>
    private static EvidenceFileType? DetectZip(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            if (names.Contains("[Content_Types].xml") && names.Contains("xl/workbook.xml"))
            {
                var types = ReadStart(zip.GetEntry("[Content_Types].xml")!, 256 * 1024);
                var isWorkbook = types.Contains("spreadsheetml.sheet.main+xml", StringComparison.OrdinalIgnoreCase);
                var hasMacros = types.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase)
                                || names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase));
                return isWorkbook && !hasMacros ? Xlsx : null;
            }
            if (zip.GetEntry("mimetype") is { } mimetype
                && ReadStart(mimetype, 100).Trim() == Ods.ContentType
                && !names.Any(n => n.StartsWith("Basic/", StringComparison.Ordinal) || n.StartsWith("Scripts/", StringComparison.Ordinal)))
            {
                return Ods;
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return null; // starts like a ZIP but is not one
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>The first characters of an entry, at most <paramref name="maxBytes"/> bytes of it decompressed.</summary>
    private static string ReadStart(ZipArchiveEntry entry, int maxBytes)
    {
        using var stream = entry.Open();
        var buffer = new byte[maxBytes];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>
    /// Just enough of the Compound File Binary format (MS-CFB) to list the names in its directory: an
    /// .xls holds a stream called "Workbook" (Excel 97 and later) or "Book" (Excel 5); a Word
    /// document or an Outlook message does not. VBA macros live in a storage "_VBA_PROJECT_CUR".
    /// Every offset is checked against the file, and chains are followed at most once per sector.
    /// </summary>
    internal static class CompoundFile
    {
        private const uint EndOfChain = 0xFFFFFFFE;
        private const uint MaxRegularSector = 0xFFFFFFFA;

        public static bool IsExcelWorkbookWithoutMacros(Stream content)
        {
            try
            {
                var names = DirectoryNames(content);
                return names != null
                       && names.Any(n => n.Type == 2 && (n.Name is "Workbook" or "Book"))
                       && !names.Any(n => n.Name.Equals("_VBA_PROJECT_CUR", StringComparison.OrdinalIgnoreCase)
                                          || n.Name.Equals("_VBA_PROJECT", StringComparison.OrdinalIgnoreCase));
            }
            catch (Exception e) when (e is IOException or ArgumentException or OverflowException)
            {
                return false;
            }
            finally
            {
                content.Position = 0;
            }
        }

        /// <summary>The (name, object type) of every directory entry, or null when the structure does not hold together.</summary>
        internal static List<(string Name, byte Type)>? DirectoryNames(Stream content)
        {
            var length = content.Length;
            var header = new byte[512];
            content.Position = 0;
            if (content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return null;
            }
            var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1E));
            if (sectorShift is not (9 or 12))
            {
                return null;
            }
            var sectorSize = 1 << sectorShift;
            var sectorCount = (length - sectorSize) / sectorSize; // the header occupies the first sector
            var fatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x2C));
            var firstDirectorySector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x30));
            var firstDifatSector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x44));
            if (fatSectorCount == 0 || fatSectorCount > sectorCount)
            {
                return null;
            }

            byte[]? ReadSector(uint sector)
            {
                if (sector > MaxRegularSector || sector >= sectorCount)
                {
                    return null;
                }
                var buffer = new byte[sectorSize];
                content.Position = ((long)sector + 1) * sectorSize;
                return content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length ? buffer : null;
            }

            // The locations of the FAT sectors: 109 in the header, the rest in a chain of DIFAT sectors.
            var fatSectors = new List<uint>();
            for (var i = 0; i < 109 && fatSectors.Count < fatSectorCount; i++)
            {
                fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x4C + (i * 4))));
            }
            var difat = firstDifatSector;
            var seen = new HashSet<uint>();
            while (fatSectors.Count < fatSectorCount)
            {
                if (!seen.Add(difat) || ReadSector(difat) is not { } block)
                {
                    return null;
                }
                var perBlock = (sectorSize / 4) - 1;
                for (var i = 0; i < perBlock && fatSectors.Count < fatSectorCount; i++)
                {
                    fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(i * 4)));
                }
                difat = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(perBlock * 4));
            }

            var fat = new uint[fatSectors.Count * (sectorSize / 4)];
            for (var s = 0; s < fatSectors.Count; s++)
            {
                if (ReadSector(fatSectors[s]) is not { } block)
                {
                    return null;
                }
                for (var i = 0; i < sectorSize / 4; i++)
                {
                    fat[(s * (sectorSize / 4)) + i] = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(i * 4));
                }
            }

            var names = new List<(string, byte)>();
            var sector = firstDirectorySector;
            seen.Clear();
            while (sector != EndOfChain)
            {
                if (!seen.Add(sector) || sector >= fat.Length || ReadSector(sector) is not { } block)
                {
                    return null;
                }
                for (var offset = 0; offset + 128 <= sectorSize; offset += 128)
                {
                    var entry = block.AsSpan(offset, 128);
                    var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]);
                    var type = entry[0x42];
                    if (type == 0 || nameBytes < 2 || nameBytes > 64)
                    {
                        continue; // an unused entry
                    }
                    names.Add((Encoding.Unicode.GetString(entry[..(nameBytes - 2)]), type));
                }
                sector = fat[sector];
            }
            return names;
        }
    }
}
