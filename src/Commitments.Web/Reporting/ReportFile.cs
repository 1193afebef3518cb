namespace Commitments.Web.Reporting;

/// <summary>A generated report: the name it is offered under and its bytes.</summary>
public sealed record ReportFile(string FileName, byte[] Content)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
