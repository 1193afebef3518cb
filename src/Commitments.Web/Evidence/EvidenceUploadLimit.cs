using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Commitments.Web.Evidence;

/// <summary>
/// The request limit of a page that takes evidence uploads, and a clear answer when a request is larger.
/// </summary>
/// <remarks>
/// A file up to <see cref="EvidenceUploadLimitAttribute.MaxRequestBytes"/> is received whole, so that
/// a file somewhat over the 10 MB per file (a scanned report of 25 MB, the usual mistake) is refused on
/// the form itself, with everything typed kept. A request larger than that is not read at all: the user
/// is sent back to the form with a message instead of an error page. The limit applies per page
/// (Kestrel's global default of about 28.6 MiB stays for every other page). The form is read here,
/// before the anti-forgery check reads it, so that a body that is too large (or broken) gets an answer
/// of its own, a redirect to the form or 400, rather than whatever that check makes of the exception;
/// once read, the form is kept for the anti-forgery check and model binding.
/// </remarks>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EvidenceUploadLimitAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>The largest request an upload page reads: 64 MB, well over one file of 10 MB plus the form.</summary>
    public const long MaxRequestBytes = 64 * 1024 * 1024;

    /// <summary>The query parameter the form page reads to say the upload was too large.</summary>
    public const string TooLargeQuery = "upload";
    public const string TooLargeValue = "te-groot";

    /// <summary>After policy authorization (order 0), before anti-forgery validation (order 1000).</summary>
    public int Order => 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType || context.Result != null)
        {
            return;
        }
        if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }
        context.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = MaxRequestBytes,
        }));
        if (request.ContentLength > MaxRequestBytes)
        {
            context.Result = TooLarge(request);
            return;
        }
        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Result = TooLarge(request);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            context.Result = TooLarge(request);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            context.Result = new BadRequestResult(); // a broken form, not a server error
        }
    }

    /// <summary>Back to the form (a GET), which states the limit.</summary>
    private static IActionResult TooLarge(HttpRequest request) =>
        new RedirectResult($"{request.PathBase}{request.Path}?{TooLargeQuery}={TooLargeValue}");
}
