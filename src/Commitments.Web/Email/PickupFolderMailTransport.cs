using System.Globalization;
using Commitments.Web.Data;
using MimeKit;

namespace Commitments.Web.Email;

/// <summary>
/// Writes each message as an .eml file into {data folder}/mail, for development, demos and test
/// machines that must not send real mail. Any mail program opens the files.
/// </summary>
public sealed partial class PickupFolderMailTransport(DataDirectory dataDirectory, TimeProvider time, ILogger<PickupFolderMailTransport> logger)
    : IMailTransport
{
    public const string FolderName = "mail";

    public string Folder => Path.Combine(dataDirectory.Path, FolderName);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var name = $"{stamp}-{SafeFileName(message.MessageId)}.eml";
        var path = Path.Combine(Folder, name);

        // Written under a name no reader looks at, then renamed: a rename within one folder is atomic,
        // so whoever watches the folder sees either no file or the whole message, never half of one.
        var temporary = Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true))
            {
                await message.WriteToAsync(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        LogWritten(path);
    }

    private static string SafeFileName(string? messageId)
    {
        if (string.IsNullOrEmpty(messageId))
        {
            return Guid.NewGuid().ToString("N");
        }
        var invalid = Path.GetInvalidFileNameChars();
        return new string(messageId.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c).ToArray());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail written to pickup folder: {Path}")]
    private partial void LogWritten(string path);
}
