namespace Commitments.Web;

/// <summary>
/// Marker for the texts shared by several pages (the labels of statuses, organisation types and
/// review decisions). The Dutch text is the key; the English lives in Resources/SharedResource.en.resx.
/// </summary>
public sealed class SharedResource;
