package dev.altus.image.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.image.backend.TransferBuffers;
import dev.altus.image.model.Image;
import dev.altus.image.service.ImageDataService;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /v2/images/{id}/file}: streamed upload and download (with Range requests). */
public final class ImageDataResource {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private final ImageDataService data;
  private final PolicyEngine policy;

  public ImageDataResource(ImageDataService data, PolicyEngine policy) {
    this.data = data;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.put("/v2/images/{id}/file", this::upload);
    r.get("/v2/images/{id}/file", this::download);
  }

  private ApiResponse upload(ApiRequest req) {
    policy.enforce("upload_image", req.context());
    Long length = OctetStreamBody.declaredLength(req);
    try (InputStream in = req.bodyStream()) {
      data.upload(req.context(), req.param("id"), in, length);
    } catch (java.io.IOException e) {
      // closing the stream of an aborted upload; the upload itself already answered
    }
    return ApiResponse.noContent();
  }

  private ApiResponse download(ApiRequest req) throws Exception {
    policy.enforce("download_image", req.context());
    String id = req.param("id");
    ImageDataService.Download d = data.download(req.context(), id);
    if (d.size() < 0) {
      return ApiResponse.noContent();
    }
    Image img = d.image();
    long size = d.size();
    long start = 0;
    long end = size - 1;
    int status = 200;
    var range = req.header("Range");
    if (range.isPresent()) {
      Matcher m = RANGE.matcher(range.get().trim());
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        throw new ApiException(416, "RangeNotSatisfiable", "Invalid Range header: " + range.get());
      }
      if (m.group(1).isEmpty()) {
        long n = position(m.group(2));
        start = Math.max(0, size - n);
      } else {
        start = position(m.group(1));
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, position(m.group(2)));
        }
      }
      if (start >= size || start > end) {
        throw new ApiException(416, "RangeNotSatisfiable", "Requested range " + range.get()
            + " is outside the image's " + size + " bytes.");
      }
      status = 206;
    }
    long from = start;
    long count = end - start + 1;
    ApiResponse r = ApiResponse.stream(status, "application/octet-stream", count, out -> {
      byte[] buf = TransferBuffers.take();
      try (InputStream in = data.open(id, from, count)) {
        long left = count;
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            break;
          }
          out.write(buf, 0, n);
          left -= n;
        }
      } finally {
        TransferBuffers.give(buf);
      }
    });
    if (status == 206) {
      r.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
    }
    if (img.checksum() != null) {
      r.header("Content-MD5", img.checksum());
    }
    return r;
  }

  /**
   * A byte position of a Range header (digits only); one too large for a long is past the end of
   * any image, so it reads as the largest long and the range is judged like any other.
   */
  static long position(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException overflow) {
      return Long.MAX_VALUE;
    }
  }
}
