using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Commitments.Web.Data;

namespace Commitments.Web.Evidence;

/// <summary>What became of an uploaded file.</summary>
public enum EvidenceUploadOutcome
{
    Stored,
    Empty,
    TooLarge,
    TypeNotAccepted,
}

/// <param name="StoredName">The random name the file is stored under (set when stored).</param>
/// <param name="Type">The type found in the content (set when stored).</param>
public sealed record EvidenceUpload(EvidenceUploadOutcome Outcome, string? StoredName, EvidenceFileType? Type, long SizeBytes);

/// <summary>
/// Evidence files on disk, in the folder "evidence" of the data folder (beside the SQLite databases
/// and the e-mail pickup folder). A file is stored under a random name of 32 hexadecimal characters,
/// never under the name it was uploaded with, so that no upload can choose a path, overwrite another
/// file or be found by guessing. The database row (<see cref="Core.Domain.ProgressEvidence"/>) holds
/// the name to offer on download; files are served only through the evidence page, which finds the
/// row through the tenant-filtered DbContext.
/// </summary>
public sealed partial class EvidenceStorage(DataDirectory dataDirectory, ILogger<EvidenceStorage> logger)
{
    public const string FolderName = "evidence";

    /// <summary>10 MB per file: a scanned report or a photo fits; a video does not belong here.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>"10 MB", as the pages state the limit.</summary>
    public const string MaxFileSizeText = "10 MB";

    public string Folder => Path.Combine(dataDirectory.Path, FolderName);

    /// <summary>
    /// Copies the upload to a temporary file (refusing it as soon as it passes the maximum), checks its
    /// type by content, and only then gives it its random name. Nothing is left behind on refusal.
    /// </summary>
    public async Task<EvidenceUpload> StoreAsync(Stream upload, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var storedName = NewName();
        var temporary = Path.Combine(Folder, $".{storedName}.tmp");
        var keep = false;
        try
        {
            long size;
            EvidenceFileType? type;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                size = await CopyAtMostAsync(upload, file, MaxFileBytes + 1, cancellationToken);
                if (size == 0)
                {
                    return new EvidenceUpload(EvidenceUploadOutcome.Empty, null, null, 0);
                }
                if (size > MaxFileBytes)
                {
                    // The rest of the upload is not read: its size is all that matters now.
                    return new EvidenceUpload(EvidenceUploadOutcome.TooLarge, null, null, Math.Max(size, upload.CanSeek ? upload.Length : size));
                }
                await file.FlushAsync(cancellationToken);
                type = EvidenceFileTypes.Detect(file);
                if (type == null)
                {
                    return new EvidenceUpload(EvidenceUploadOutcome.TypeNotAccepted, null, null, size);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, PathOf(storedName), overwrite: false);
            keep = true;
            return new EvidenceUpload(EvidenceUploadOutcome.Stored, storedName, type, size);
        }
        finally
        {
            if (!keep)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The stored file for reading, or null when the name is not one of ours or the file is gone.</summary>
    public Stream? OpenRead(string? storedName)
    {
        if (!IsStoredName(storedName))
        {
            return null;
        }
        try
        {
            return new FileStream(PathOf(storedName!), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            LogMissing(storedName!);
            return null;
        }
    }

    /// <summary>Removes a stored file. A file that cannot be removed is logged, not thrown: the evidence is already gone from the update.</summary>
    public void Delete(string? storedName)
    {
        if (!IsStoredName(storedName))
        {
            return;
        }
        try
        {
            File.Delete(PathOf(storedName!));
        }
        catch (IOException e)
        {
            LogNotDeleted(storedName!, e);
        }
    }

    public bool Exists(string storedName) => IsStoredName(storedName) && File.Exists(PathOf(storedName));

    private string PathOf(string storedName) => Path.Combine(Folder, storedName);

    private static string NewName() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Only names this class made can be opened or deleted: no path can be smuggled in through a row.</summary>
    public static bool IsStoredName(string? name) => name != null && StoredNamePattern().IsMatch(name);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex StoredNamePattern();

    private static async Task<long> CopyAtMostAsync(Stream source, Stream target, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while (total < limit && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)), ct)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            total += read;
        }
        return total;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Evidence file {StoredName} is listed in the database but missing on disk.")]
    private partial void LogMissing(string storedName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence file {StoredName} could not be deleted.")]
    private partial void LogNotDeleted(string storedName, Exception e);
}
