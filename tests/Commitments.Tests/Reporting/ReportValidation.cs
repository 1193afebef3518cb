using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Commitments.Tests.Reporting;

/// <summary>The OpenXML SDK's schema and semantic validation: zero errors, or the test says which.</summary>
internal static class ReportValidation
{
    public static void AssertValid(byte[] content)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(content), false);
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2016)
            .Validate(document)
            .Take(10)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();
        Assert.True(errors.Count == 0, "The workbook does not validate:\n" + string.Join("\n", errors));
    }
}
