namespace Commitments.Core.Domain;

/// <summary>
/// Evidence attached to a progress update: a link, or a file stored by the application. A file is
/// stored under <see cref="StoredName"/> (random, never the uploaded name) and served only to those who
/// may see the commitment, with <see cref="FileName"/> as a safe download name.
/// </summary>
public class ProgressEvidence
{
    public const int FileNameMaxLength = 255;
    public const int UrlMaxLength = 1000;

    public int Id { get; set; }
    public int ProgressUpdateId { get; set; }
    public ProgressUpdate? ProgressUpdate { get; set; }

    /// <summary>A link (http or https) to evidence elsewhere; null for a file.</summary>
    public string? Url { get; set; }

    /// <summary>The name the file was uploaded with, as shown and offered on download.</summary>
    public string? FileName { get; set; }

    /// <summary>The name under which the file is stored (random); null for a link.</summary>
    public string? StoredName { get; set; }

    /// <summary>The media type found from the file's content (not from what the browser said).</summary>
    public string? ContentType { get; set; }

    public long SizeBytes { get; set; }
    public DateTime AddedAt { get; set; }
}
