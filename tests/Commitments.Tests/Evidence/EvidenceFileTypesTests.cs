using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using Commitments.Web.Evidence;

namespace Commitments.Tests.Evidence;

/// <summary>
/// Evidence files are recognised by what they contain: the first bytes, and for ZIP and OLE
/// containers the entries inside. The file name and the browser's content type play no part.
/// </summary>
public sealed class EvidenceFileTypesTests
{
    private static EvidenceFileType? Detect(byte[] content) => EvidenceFileTypes.Detect(new MemoryStream(content));

    [Fact]
    public void PDF_PNG_and_JPEG_are_known_by_their_signature()
    {
        Assert.Same(EvidenceFileTypes.Pdf, Detect("%PDF-1.7\n%âãÏÓ\n"u8.ToArray()));
        Assert.Same(EvidenceFileTypes.Png, Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
        Assert.Same(EvidenceFileTypes.Jpeg, Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("%PD")]
    [InlineData("<!DOCTYPE html><html><script>alert(1)</script></html>")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")]
    [InlineData("naam;aantal\n=cmd|' /C calc'!A0;1\n")]
    [InlineData("GIF89a")]
    [InlineData("MZ\u0090\0")]
    [InlineData(" %PDF-1.4")]
    public void Anything_else_is_not_accepted(string content) =>
        Assert.Null(Detect(Encoding.Latin1.GetBytes(content)));

    [Fact]
    public void An_Excel_workbook_is_an_xlsx()
    {
        using var workbook = new XLWorkbook();
        workbook.AddWorksheet("Voortgang").Cell(1, 1).SetValue("stageplaatsen");
        var stream = new MemoryStream();
        workbook.SaveAs(stream);

        Assert.Same(EvidenceFileTypes.Xlsx, Detect(stream.ToArray()));
    }

    [Fact]
    public void A_workbook_with_macros_a_Word_document_and_a_broken_ZIP_are_not_accepted()
    {
        var xlsm = Zip(("[Content_Types].xml", "<Types><Override ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/></Types>"),
            ("xl/workbook.xml", "<workbook/>"), ("xl/vbaProject.bin", "VBA"));
        var docx = Zip(("[Content_Types].xml", "<Types><Override ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
            ("word/document.xml", "<document/>"));
        var zip = Zip(("readme.txt", "hallo"));
        var broken = "PK\u0003\u0004 and then nothing of a ZIP"u8.ToArray();

        Assert.Null(Detect(xlsm));
        Assert.Null(Detect(docx));
        Assert.Null(Detect(zip));
        Assert.Null(Detect(broken));
    }

    [Fact]
    public void An_OpenDocument_spreadsheet_is_an_ods_unless_it_carries_macros()
    {
        var ods = Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<office:document-content/>"));
        var odt = Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document-content/>"));
        var withBasic = Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("Basic/Standard/Module1.xml", "Sub Main"));

        Assert.Same(EvidenceFileTypes.Ods, Detect(ods));
        Assert.Null(Detect(odt));
        Assert.Null(Detect(withBasic));
    }

    [Fact]
    public void An_old_Excel_file_is_an_OLE_compound_file_with_a_Workbook_stream_and_no_macros()
    {
        Assert.Same(EvidenceFileTypes.Xls, Detect(CompoundFile(("Workbook", 2), ("\u0005SummaryInformation", 2))));
        Assert.Same(EvidenceFileTypes.Xls, Detect(CompoundFile(("Book", 2))));
        Assert.Null(Detect(CompoundFile(("WordDocument", 2), ("1Table", 2))));
        Assert.Null(Detect(CompoundFile(("Workbook", 2), ("_VBA_PROJECT_CUR", 1))));
        Assert.Null(Detect(CompoundFile(("Workbook", 1)))); // a storage, not a stream
    }

    [Fact]
    public void A_damaged_compound_file_is_refused_without_an_error()
    {
        var file = CompoundFile(("Workbook", 2));
        var loop = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(loop.AsSpan(512 + 4), 1); // the directory's chain points at itself
        var outside = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(outside.AsSpan(0x30), 5000); // directory beyond the end
        var truncated = file[..600];
        var badShift = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(badShift.AsSpan(0x1E), 30);

        Assert.Null(Detect(loop));
        Assert.Null(Detect(outside));
        Assert.Null(Detect(truncated));
        Assert.Null(Detect(badShift));
    }

    [Fact]
    public void Detection_leaves_the_stream_at_its_start()
    {
        var stream = new MemoryStream(Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet")));
        EvidenceFileTypes.Detect(stream);
        Assert.Equal(0, stream.Position);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open());
                writer.Write(content);
            }
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A compound file (MS-CFB, version 3, 512-byte sectors) as Office writes one: a header, one FAT
    /// sector (sector 0) and one directory sector (sector 1) with the root and the named entries
    /// (type 1 storage, 2 stream). Empty streams need no data sectors.
    /// </summary>
    internal static byte[] CompoundFile(params (string Name, byte Type)[] entries)
    {
        const uint free = 0xFFFFFFFF, endOfChain = 0xFFFFFFFE, fatSector = 0xFFFFFFFD;
        var file = new byte[512 * 3];
        var header = file.AsSpan(0, 512);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], 1); // FAT sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], 1); // first directory sector
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], endOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], endOfChain);
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + (i * 4))..], i == 0 ? 0 : free);
        }
        var fat = file.AsSpan(512, 512);
        for (var i = 0; i < 128; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fat[(i * 4)..], i switch { 0 => fatSector, 1 => endOfChain, _ => free });
        }
        var directory = file.AsSpan(1024, 512);
        var all = entries.Prepend(("Root Entry", (byte)5)).ToList();
        for (var n = 0; n < all.Count; n++)
        {
            var entry = directory.Slice(n * 128, 128);
            var name = Encoding.Unicode.GetBytes(all[n].Item1 + "\0");
            name.CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)name.Length);
            entry[0x42] = all[n].Item2;
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x44..], free); // siblings and child: none
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x48..], free);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x4C..], free);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[0x74..], endOfChain);
        }
        return file;
    }
}
