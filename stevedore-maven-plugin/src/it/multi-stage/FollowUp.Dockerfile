FROM busybox
RUN echo follow-up > /follow-up
